"""Builds the FastAPI application: the API under /v1 and, optionally, the chat at /."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from assistant.api import (
    errors,
    logs,
    routes_answer,
    routes_catalogue,
    routes_datasets_add,
    routes_legislation,
    routes_system,
)
from assistant.api.middleware import (
    API_KEY,
    REQUEST_ID,
    AccessControlMiddleware,
    RequestIdMiddleware,
)
from assistant.api.routes_system import VERSION
from assistant.api.state import state
from assistant.legislation import warm_legislation
from assistant.settings import Settings

DESCRIPTION = """
Plain-English questions answered from UK public data, with the SQL, the table and the
datasets each figure came from.

* **Errors** always look like `{"error": {"code", "message", "details"}}`; codes are stable:
  `invalid_request`, `not_found`, `unauthorized`, `rate_limited`, `index_not_built`,
  `internal_error`.
* **Auth** (off unless `NDL_API_KEY` is set): send `X-API-Key` on every /v1 call except
  `/v1/health`.
* **Rate limit** (off unless `NDL_RATE_LIMIT_PER_MINUTE` is set): per key or client IP;
  429 with `Retry-After` when exceeded.
* Every response carries `X-Request-ID` (yours if you sent one).
"""
TAGS = [
    {"name": "answers", "description": "Ask questions; follow up with `conversation_id`."},
    {"name": "catalogue", "description": "Collections and datasets, with semantic search."},
    {"name": "system", "description": "Health and guarded SQL."},
]


def _install_middleware(app: FastAPI, settings: Settings) -> None:
    """Added innermost first: access control, then CORS, then the request id outside all."""
    app.add_middleware(AccessControlMiddleware, settings=settings)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept", API_KEY, REQUEST_ID],
            expose_headers=[REQUEST_ID, "Retry-After", "X-RateLimit-Limit",
                            "X-RateLimit-Remaining"])
    app.add_middleware(RequestIdMiddleware)


def create_app(settings: Settings, with_ui: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        current = state(app)  # load models and indexes once, before the first request
        warm_legislation(current.pipeline.resources)
        yield

    logs.configure()
    app = FastAPI(title="National Data Library — answer API", version=VERSION,
                  description=DESCRIPTION, openapi_tags=TAGS, lifespan=lifespan)
    app.state.settings = settings
    errors.install(app)
    for module in (routes_answer, routes_catalogue, routes_system, routes_legislation):
        app.include_router(module.router)
    routes_datasets_add.install(app)
    app.include_router(routes_system.fallback)
    _install_middleware(app, settings)
    if with_ui:
        from ui.chat import mount_ui

        mount_ui(app, lambda: state(app).pipeline)
    return app


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory` so several worker processes each build their own app
    (models and connections load once per worker)."""
    from assistant.settings import get_settings

    settings = get_settings()
    return create_app(settings, with_ui=os.environ.get("NDL_SERVE_UI", "1") == "1")
