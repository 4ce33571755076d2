"""Builds the FastAPI application: the API under /v1 and, optionally, the chat at /."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from assistant.api import errors, routes
from assistant.settings import Settings


def create_app(settings: Settings, with_ui: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        routes.state(app)  # load models and indexes once, before the first request
        yield

    app = FastAPI(
        title="National Data Library — answer API",
        version="1.0.0",
        description="Plain-English questions answered from UK public data, with the SQL, "
                    "the table and the datasets each figure came from.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    errors.install(app)
    app.include_router(routes.router)
    if with_ui:
        import gradio as gr

        from ui.chat import build_ui

        app = gr.mount_gradio_app(app, build_ui(lambda: routes.state(app).pipeline), path="/")
    return app
