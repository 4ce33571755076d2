"""The chat page: ask, then see the sentence, chart, table, SQL and sources.

`build_ui` lays out two tabs (Chat, Collections) and wires events; `mount_ui` serves it
at / on the API's FastAPI app with the accessible theme.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import gradio as gr
from fastapi import FastAPI

from assistant.errors import NDLError
from assistant.pipeline import Pipeline
from assistant.semantic import SemanticLayer
from ui.collections_view import collections_view
from ui.handlers import ChatHandlers
from ui.layout import MASTHEAD, Widgets, chat_tab
from ui.theme import CSS, build_theme

log = logging.getLogger("ndl.ui")
TITLE = "Ask the National Data Library"
CONCURRENCY = 4


def _layer(get_pipeline: Callable[[], Pipeline]) -> tuple[SemanticLayer | None, str | None]:
    try:
        return get_pipeline().resources.layer, None
    except NDLError as exc:
        log.warning("collections unavailable: %s", exc.message)
        return None, exc.message


def _wire(w: Widgets, handlers: ChatHandlers) -> None:
    state = [w.chat, w.conversation]
    common: dict[str, Any] = {"outputs": w.outputs(), "show_progress": "hidden"}
    w.question.submit(handlers.ask, [w.question, *state], **common)
    w.ask.click(handlers.ask, [w.question, *state], **common)
    for button in [*w.options, *w.quick]:
        button.click(handlers.ask, [button, *state], **common)
    for button in w.extra.get("examples", []):
        button.click(handlers.ask_from_tab, [button, *state], **common)
    w.new.click(handlers.new_conversation, None, **common)
    w.chat.clear(handlers.new_conversation, None, **common)  # the chat's own bin icon


def build_ui(get_pipeline: Callable[[], Pipeline]) -> gr.Blocks:
    with gr.Blocks(title=TITLE) as demo:
        gr.HTML(MASTHEAD)
        with gr.Tabs(elem_id="tabs") as tabs:
            with gr.Tab("Ask a question", id="chat", elem_id="chat-tab"):
                widgets = chat_tab(tabs)
            with gr.Tab("Collections", id="collections", elem_id="collections-tab"):
                examples = collections_view(*_layer(get_pipeline))
        widgets.extra["examples"] = [e.button for e in examples]
        _wire(widgets, ChatHandlers(widgets, get_pipeline))
    demo.queue(default_concurrency_limit=CONCURRENCY)
    blocks: gr.Blocks = demo
    return blocks


def mount_ui(app: FastAPI, get_pipeline: Callable[[], Pipeline], path: str = "/") -> FastAPI:
    """Serve the chat at `path` on `app` (no Gradio footer: the page links to /docs)."""
    mounted: FastAPI = gr.mount_gradio_app(
        app, build_ui(get_pipeline), path=path, theme=build_theme(), css=CSS, footer_links=[],
        show_error=False)
    return mounted
