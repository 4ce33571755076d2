"""The /v1 routes. Thin: each validates input, calls the pipeline, returns its model."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, FastAPI, Request
from pydantic import BaseModel, Field

from assistant.models import Answer
from assistant.pipeline import Pipeline
from assistant.resources import Resources
from assistant.sqlrun import SqlResponse, run_sql

router = APIRouter(prefix="/v1")


@dataclass
class AppState:
    pipeline: Pipeline


def state(app: FastAPI) -> AppState:
    current = getattr(app.state, "ndl", None)
    if current is None:
        current = AppState(pipeline=Pipeline(Resources.load(app.state.settings)))
        app.state.ndl = current
    return current


class AnswerRequest(BaseModel):
    question: str = Field(..., examples=["What percentage of children in Leeds reached a good "
                                         "level of development in 2018?"])


class SqlRequest(BaseModel):
    sql: str = Field(..., examples=["SELECT area_name, value FROM fuel_poverty LIMIT 5"])


class Health(BaseModel):
    status: str
    datasets: int
    measures: int


@router.post("/answer", response_model=Answer, summary="Answer a question")
def post_answer(body: AnswerRequest, request: Request) -> Answer:
    return state(request.app).pipeline.answer(body.question)


@router.post("/sql", response_model=SqlResponse, summary="Run guarded, read-only SQL")
def post_sql(body: SqlRequest, request: Request) -> SqlResponse:
    res = state(request.app).pipeline.resources
    return run_sql(body.sql, res.settings.duckdb_path, res.schema, res.settings)


@router.get("/health", response_model=Health, summary="Is the service ready?")
def get_health(request: Request) -> Health:
    layer = state(request.app).pipeline.resources.layer
    return Health(status="ok", datasets=len(layer.datasets), measures=len(layer.measures))
