"""Chat event handlers: generators that yield progress, then the answer's pieces.

Thin over `Pipeline.answer` (never a pipeline step): the conversation lives in gr.State,
so follow-ups and clarification options keep their context per browser session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr

from assistant.conversation import Conversation
from assistant.errors import NDLError
from assistant.models import Answer
from assistant.pipeline import Pipeline
from ui.charts import figure
from ui.layout import Widgets
from ui.progress import answer_steps, status_html
from ui.view import (
    caveats_markdown,
    options,
    pretty_sql,
    reply_text,
    sources_markdown,
    table_value,
    write_csv,
)

log = logging.getLogger("ndl.ui")
Updates = dict[Any, Any]
History = list[dict[str, Any]]
SORRY = "Sorry, something went wrong on our side. Please try again in a moment."
EMPTY = "Please type a question first."
OPEN_NOTES = 2  # a few notes are shown open; more are one click away


class ChatHandlers:
    def __init__(self, widgets: Widgets, get_pipeline: Callable[[], Pipeline]) -> None:
        self.w = widgets
        self.get_pipeline = get_pipeline

    def ask(self, question: str, history: History | None,
            conversation: Conversation | None) -> Iterator[Updates]:
        """Answer `question` in this conversation, yielding each step as it starts."""
        question = (question or "").strip()
        if not question:
            yield {self.w.status: status_html(problem=EMPTY)}
            return
        conversation = conversation or Conversation()
        history = [*(history or []), {"role": "user", "content": question}]
        yield {**self._hide_options(), self.w.chat: history, self.w.question: "",
               self.w.status: status_html("starting")}
        try:
            for item in answer_steps(self.get_pipeline(), question, conversation):
                if isinstance(item, Answer):
                    yield self.show(item, history, conversation)
                else:
                    yield {self.w.status: status_html(item)}
        except NDLError as exc:
            yield self.problem(exc.message, history, conversation)
        except Exception:
            log.exception("the chat could not answer %r", question[:200])
            yield self.problem(SORRY, history, conversation)

    def ask_from_tab(self, question: str, history: History | None,
                     conversation: Conversation | None) -> Iterator[Updates]:
        """An example picked in the Collections tab: go to the chat, then ask it."""
        yield {self.w.tabs: gr.Tabs(selected="chat")}
        yield from self.ask(question, history, conversation)

    def new_conversation(self) -> Updates:
        return {**self._hide_options(), **self._clear_answer(), self.w.chat: [],
                self.w.question: "", self.w.status: status_html(), self.w.conversation: None}

    def show(self, answer: Answer, history: History, conversation: Conversation) -> Updates:
        """Every piece of one answer: reply, options, chart, table, CSV, sources, notes, SQL."""
        fig, table, csv_path = figure(answer), table_value(answer), write_csv(answer)
        has_details = bool(fig or table or answer.datasets or answer.sql)
        return {
            **self._options(options(answer)),
            self.w.chat: [*history, {"role": "assistant", "content": reply_text(answer)}],
            self.w.status: status_html(),
            self.w.placeholder: gr.Markdown(visible=not has_details),
            self.w.details: gr.Column(visible=has_details),
            self.w.plot: gr.Plot(value=fig, visible=fig is not None),
            self.w.table: gr.Dataframe(value=table, visible=table is not None),
            self.w.download: gr.DownloadButton(value=str(csv_path) if csv_path else None,
                                               visible=csv_path is not None),
            self.w.sources: sources_markdown(answer),
            self.w.caveats_box: gr.Accordion(visible=bool(answer.caveats),
                                             open=len(answer.caveats) <= OPEN_NOTES,
                                             label=f"Notes on this data ({len(answer.caveats)})"),
            self.w.caveats: caveats_markdown(answer),
            self.w.sql_box: gr.Accordion(visible=bool(answer.sql)),
            self.w.sql: pretty_sql(answer.sql),
            self.w.conversation: conversation,
        }

    def problem(self, message: str, history: History,
                conversation: Conversation) -> Updates:
        """A failure in plain English, in the conversation and the status line."""
        return {**self._clear_answer(), self.w.status: status_html(problem=message),
                self.w.chat: [*history, {"role": "assistant", "content": message}],
                self.w.conversation: conversation}

    def _options(self, choices: list[str]) -> Updates:
        updates: Updates = {self.w.options_box: gr.Column(visible=bool(choices))}
        for n, button in enumerate(self.w.options):
            shown = n < len(choices)
            updates[button] = gr.Button(value=choices[n] if shown else "", visible=shown)
        return updates

    def _hide_options(self) -> Updates:
        return self._options([])

    def _clear_answer(self) -> Updates:
        return {self.w.placeholder: gr.Markdown(visible=True),
                self.w.details: gr.Column(visible=False),
                self.w.plot: gr.Plot(value=None, visible=False),
                self.w.table: gr.Dataframe(value=None, visible=False),
                self.w.download: gr.DownloadButton(value=None, visible=False),
                self.w.sources: "", self.w.caveats: "", self.w.sql: "",
                self.w.caveats_box: gr.Accordion(visible=False),
                self.w.sql_box: gr.Accordion(visible=False)}
