"""The chat page: ask, then see the sentence, chart, table, SQL and sources."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr

from assistant.errors import NDLError
from assistant.models import Answer
from assistant.pipeline import Pipeline
from ui.charts import figure

EXAMPLES = [
    "What percentage of children in Leeds reached a good level of development in 2018?",
    "How many households in Liverpool were fuel poor in 2021?",
    "Which council had the highest fuel poverty rate in 2021?",
]


def sources_markdown(answer: Answer) -> str:
    lines = []
    for d in answer.datasets:
        title = f"[{d.title}]({d.url})" if d.url else d.title
        updated = f", last updated {d.updated}" if d.updated else ""
        lines.append(f"- {title} — {d.publisher}, {d.licence}{updated}")
    if answer.caveats:
        lines.append("\n**Notes**\n" + "\n".join(f"- {c}" for c in answer.caveats))
    return "\n".join(lines) or "_No sources for this reply._"


def reply_text(answer: Answer) -> str:
    text = answer.text
    if answer.clarification:
        text += "\n\n" + "\n".join(f"- {o}" for o in answer.clarification.options)
    return text


def build_ui(get_pipeline: Callable[[], Pipeline]) -> gr.Blocks:
    def ask(question: str, history: list[dict[str, Any]]) -> tuple[Any, ...]:
        history = [*history, {"role": "user", "content": question}]
        try:
            answer = get_pipeline().answer(question)
        except NDLError as exc:
            history.append({"role": "assistant", "content": exc.message})
            return history, "", None, None, "", ""
        history.append({"role": "assistant", "content": reply_text(answer)})
        table = [answer.table.columns, *answer.table.rows] if answer.table.columns else None
        return (history, "", figure(answer),
                {"headers": answer.table.columns, "data": answer.table.rows} if table else None,
                f"```sql\n{answer.sql}\n```" if answer.sql else "", sources_markdown(answer))

    with gr.Blocks(title="Ask the National Data Library") as demo:
        gr.Markdown("# Ask the National Data Library\nQuestions answered from UK public data, "
                    "with the figures, the SQL and the sources.")
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Conversation", height=420)
                box = gr.Textbox(label="Your question", placeholder="Ask about UK public data")
                gr.Examples(EXAMPLES, inputs=box)
            with gr.Column(scale=4):
                plot = gr.Plot(label="Chart")
                table = gr.Dataframe(label="Table", interactive=False)
                sql = gr.Markdown(label="SQL")
                sources = gr.Markdown(label="Sources")
        box.submit(ask, [box, chat], [chat, box, plot, table, sql, sources])
    blocks: gr.Blocks = demo
    return blocks
