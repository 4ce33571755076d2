"""Health, guarded SQL for developers, and the /v1 catch-all that keeps 404s in our shape."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match

from assistant.api.errors import ERROR_RESPONSES
from assistant.api.schemas import Health, SqlRequest
from assistant.api.state import AppState, app_state
from assistant.errors import NotFound
from assistant.sqlrun import SqlResponse, run_sql
from indexing.background import search_index_state

VERSION = "1.0.0"
router = APIRouter(prefix="/v1", tags=["system"], responses=ERROR_RESPONSES)
State = Annotated[AppState, Depends(app_state)]


@router.get("/health", response_model=Health, summary="Is the service ready?")
def get_health(st: State) -> Health:
    """Open even when an API key is set; 503 `index_not_built` until `ndl index` has run."""
    layer = st.pipeline.resources.layer
    return Health(status="ok", version=VERSION, datasets=len(layer.datasets),
                  measures=len(layer.measures), collections=len(layer.collections),
                  search_index=search_index_state())


@router.post("/sql", response_model=SqlResponse, summary="Run guarded, read-only SQL")
async def post_sql(body: SqlRequest, st: State) -> SqlResponse:
    """One SELECT, checked by the guard and run read-only with a row cap and time limit;
    a refused query is `status: "rejected"` with the rule in `reason`."""
    res = st.pipeline.resources
    return await run_in_threadpool(run_sql, body.sql, res.settings.duckdb_path, res.schema,
                                   res.settings, count_columns=res.layer.count_columns())


fallback = APIRouter()


@fallback.api_route("/v1/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                    include_in_schema=False)
def not_found(path: str, request: Request) -> None:
    """Unknown /v1 paths answer in the API's error shape, not the chat's 404 page; a
    known path asked with the wrong method is still 405."""
    scope = {**request.scope, "path": request.url.path}
    if any(route.matches(scope)[0] == Match.PARTIAL for route in request.app.router.routes):
        raise HTTPException(405, "This route does not accept that method.")
    raise NotFound(f"There is no API route /v1/{path[:200]}.")
