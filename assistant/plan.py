"""The typed outcome of planning: a query plan, a clarifying question, or an honest no."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.geography import Place
from assistant.intents import Reading
from assistant.models import Clarification, DatasetHit, Suggestion
from assistant.semantic import Measure


class Plan(BaseModel):
    """Everything needed to render one SQL query and describe its answer."""

    reading: Reading
    measure: Measure
    places: list[Place] = Field(default_factory=list)
    within: Place | None = None
    levels: list[str] = Field(default_factory=list)
    years: list[int] = Field(default_factory=list)
    period_labels: list[str] = Field(default_factory=list)
    summed: list[str] = Field(default_factory=list)  # breakdowns added up, not shown
    filters: dict[str, str] = Field(default_factory=dict)
    breakdowns: list[str] = Field(default_factory=list)
    group_values: dict[str, list[str]] = Field(default_factory=dict)
    order: Literal["asc", "desc"] | None = None
    limit: int | None = None
    notes: list[str] = Field(default_factory=list)
    also: list[Measure] = Field(default_factory=list)  # other columns of the same rows, compared

    @property
    def intent(self) -> str:
        return self.reading.intent

    @property
    def comparison(self) -> Literal[">", ">=", "<", "<="]:
        """The comparison a filter asks for; 'better'/'worse' than England by polarity."""
        r = self.reading
        if r.threshold_op:
            return r.threshold_op
        higher_is_better = self.measure.polarity != "lower_is_better"
        return ">" if (r.best_worst == "best") == higher_is_better else "<"


class NeedsClarification(BaseModel):
    clarification: Clarification
    measure: Measure | None = None
    rewrites: dict[str, str] = Field(default_factory=dict)  # option → question to re-ask


class NoAnswer(BaseModel):
    reason: str
    suggestions: list[Suggestion] = Field(default_factory=list)


class Discovery(BaseModel):
    hits: list[DatasetHit]
    topic: str


PlanOutcome = Plan | NeedsClarification | NoAnswer | Discovery
