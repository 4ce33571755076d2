"""Typed data passed between the pipeline's steps and returned to callers.

`Answer` is the public contract of `ndl ask --json` and `POST /v1/answer`; change it
only by adding optional fields.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["answered", "clarify", "no_answer", "refused"]
Scalar = str | int | float | bool | None


class Table(BaseModel):
    columns: list[str] = Field(default_factory=list)
    rows: list[list[Scalar]] = Field(default_factory=list)


class GuardedSQL(BaseModel):
    """SQL that passed every guard rule, with the LIMIT the guard enforced."""

    model_config = ConfigDict(frozen=True)

    sql: str
    tables: tuple[str, ...]
    limit: int


class Result(BaseModel):
    """Rows of one executed query."""

    columns: list[str]
    rows: list[list[Scalar]]
    truncated: bool = False
    elapsed_ms: float = 0.0

    def as_table(self) -> Table:
        return Table(columns=self.columns, rows=self.rows)


class DatasetCitation(BaseModel):
    id: str
    title: str
    publisher: str
    licence: str
    url: str | None = None
    updated: str | None = None


class Clarification(BaseModel):
    question: str
    options: list[str]


class ChartSpec(BaseModel):
    """What to draw, chosen by intent; the UI renders it from `table` with plotly."""

    kind: Literal["bar", "line", "number", "none"] = "none"
    x: str | None = None
    y: str | None = None
    series: str | None = None
    title: str | None = None


class Suggestion(BaseModel):
    text: str
    dataset_id: str | None = None


class DatasetHit(BaseModel):
    """One dataset found by discovery questions or `GET /v1/datasets?q=`."""

    id: str
    title: str
    description: str
    publisher: str
    licence: str
    url: str | None = None
    updated: str | None = None
    collection: str | None = None
    queryable: bool = True
    score: float = 0.0


class Answer(BaseModel):
    status: Status
    text: str
    value: float | None = None
    unit: str | None = None
    table: Table = Field(default_factory=Table)
    sql: str | None = None
    datasets: list[DatasetCitation] = Field(default_factory=list)
    collection: str | None = None
    caveats: list[str] = Field(default_factory=list)
    clarification: Clarification | None = None
    suggestions: list[Suggestion] = Field(default_factory=list)
    chart: ChartSpec = Field(default_factory=ChartSpec)
    intent: str | None = None
    engine: str = "offline"
    hits: list[DatasetHit] = Field(default_factory=list)
    conversation_id: str | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
