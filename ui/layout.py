"""The chat tab's components, built in reading order and kept together in `Widgets`.

Every control has a visible label (or its own text) and an elem_id, so it can be reached
by keyboard, announced by a screen reader and found by the browser test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import gradio as gr

from ui.progress import status_html
from ui.view import MAX_OPTIONS

MASTHEAD = """
<div id="masthead">
  <h1>Ask the National Data Library</h1>
  <p>Ask a question about UK public data in plain English. Every answer shows the figures,
  a chart, the table it came from, the SQL that produced it and the published sources.</p>
</div>
"""
PLACEHOLDER = ("**Your answer will appear here**\n\nAsk a question on the left. You will see "
               "a chart, the table of figures (which you can download), the sources and the "
               "SQL used.")
FOOTER = ("Developers: the same answers, the catalogue and guarded SQL are available from the "
          "[API](/docs).")
QUICK_QUESTIONS = [
    "What percentage of children in Leeds reached a good level of development in 2018?",
    "Which council had the highest fuel poverty rate in 2021?",
    "How have greenhouse gas emissions per person in Leeds changed since 2010?",
]


@dataclass
class Widgets:
    tabs: gr.Tabs
    chat: gr.Chatbot
    status: gr.HTML
    options_box: gr.Column
    options: list[gr.Button]
    question: gr.Textbox
    ask: gr.Button
    new: gr.Button
    quick: list[gr.Button]
    placeholder: gr.Markdown
    details: gr.Column
    plot: gr.Plot
    table: gr.Dataframe
    download: gr.DownloadButton
    sources: gr.Markdown
    caveats_box: gr.Accordion
    caveats: gr.Markdown
    sql_box: gr.Accordion
    sql: gr.Code
    conversation: gr.State
    extra: dict[str, Any] = field(default_factory=dict)

    def outputs(self) -> list[Any]:
        """Every component a chat handler may update."""
        return [self.tabs, self.chat, self.status, self.options_box, *self.options,
                self.question, self.placeholder, self.details, self.plot, self.table,
                self.download, self.sources, self.caveats_box, self.caveats, self.sql_box,
                self.sql, self.conversation]


def _ask_column() -> dict[str, Any]:
    chat = gr.Chatbot(label="Conversation", elem_id="chat", height=440, feedback_options=None,
                      placeholder="Ask a question below to start.",
                      group_consecutive_messages=False, buttons=["copy"])
    status = gr.HTML(status_html(), elem_id="status")
    with gr.Column(visible=False, elem_id="options") as options_box:
        gr.Markdown("Choose one:", elem_classes="options-label")
        with gr.Row():
            options = [gr.Button(f"Option {n + 1}", visible=False, size="sm",
                                 elem_id=f"option-{n}") for n in range(MAX_OPTIONS)]
    question = gr.Textbox(label="Your question", elem_id="question", max_lines=4,
                          placeholder="For example: How many households in Liverpool were "
                                      "fuel poor in 2021?", autofocus=True)
    with gr.Row():
        ask = gr.Button("Ask", variant="primary", elem_id="ask", scale=2)
        new = gr.Button("New conversation", elem_id="new-conversation", scale=1)
    gr.Markdown("**Try asking:**")
    quick = [gr.Button(q, size="sm", elem_classes="example-question", elem_id=f"quick-{n}")
             for n, q in enumerate(QUICK_QUESTIONS)]
    return {"chat": chat, "status": status, "options_box": options_box, "options": options,
            "question": question, "ask": ask, "new": new, "quick": quick}


def _answer_column() -> dict[str, Any]:
    placeholder = gr.Markdown(PLACEHOLDER, elem_id="placeholder")
    with gr.Column(visible=False, elem_id="details") as details:
        plot = gr.Plot(label="Chart", elem_id="chart", visible=False)
        table = gr.Dataframe(label="Table: the figures behind the answer", elem_id="table",
                             interactive=False, visible=False, wrap=True, max_height=320)
        download = gr.DownloadButton("Download this table (CSV)", elem_id="download-csv",
                                     visible=False, size="md")
        sources = gr.Markdown(elem_id="sources")
        with gr.Accordion("Notes on this data", open=False, visible=False,
                          elem_id="caveats-box") as caveats_box:
            caveats = gr.Markdown(elem_id="caveats")
        with gr.Accordion("SQL used to get this answer", open=False, visible=False,
                          elem_id="sql-box") as sql_box:
            sql = gr.Code(language="sql", label="SQL", interactive=False, elem_id="sql",
                          wrap_lines=True, lines=3, max_lines=24)
    return {"placeholder": placeholder, "details": details, "plot": plot, "table": table,
            "download": download, "sources": sources, "caveats_box": caveats_box,
            "caveats": caveats, "sql_box": sql_box, "sql": sql}


def chat_tab(tabs: gr.Tabs) -> Widgets:
    """The chat: conversation and question on the left, the latest answer on the right."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=5, min_width=340):
            left = _ask_column()
        with gr.Column(scale=6, min_width=340):
            right = _answer_column()
    gr.Markdown(FOOTER, elem_id="footer-note")
    return Widgets(tabs=tabs, conversation=gr.State(None), **left, **right)
