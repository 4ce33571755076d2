"""The semantic layer: what each measure means and how to slice it.

Built at index time from the profile and refined by the catalogue; the planner reads only
this, never a dataset-specific rule.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Polarity = Literal["higher_is_better", "lower_is_better", "neutral"]
NOT_PEOPLE = frozenset({"companies", "establishments", "enterprises", "businesses", "items",
                        "charities", "organisations", "gbp", "£", "kt co2", "kwh"})
GENERIC_COLUMNS = frozenset({"value", "observation", "values", "obs_value"})


class Dimension(BaseModel):
    """A breakdown column (sex, pupil group, sector…) with its profiled values."""

    column: str
    label: str
    values: list[str]
    default: str | None = None
    additive: bool = True  # False when its values overlap (quarters and financial years)
    synonyms: dict[str, list[str]] = Field(default_factory=dict)  # value → everyday names


class PeriodInfo(BaseModel):
    year: int
    label: str


class Measure(BaseModel):
    id: str
    dataset_id: str
    table: str
    column: str | None  # None: the measure is a count of rows
    filters: dict[str, str] = Field(default_factory=dict)
    label: str
    description: str = ""
    unit: str | None = None
    kind: str = "other"
    polarity: Polarity = "neutral"
    additive: bool = False  # counts add up across areas and breakdowns; rates do not
    synonyms: list[str] = Field(default_factory=list)
    geo_column: str | None = None
    area_name_column: str | None = None
    time_column: str | None = None
    period_column: str | None = None
    month_column: str | None = None
    dimensions: list[Dimension] = Field(default_factory=list)
    periods: list[PeriodInfo] = Field(default_factory=list)
    geo_levels: list[str] = Field(default_factory=list)
    area_count: int = 0

    @property
    def disclosive(self) -> bool:
        """Counts of people (or households) can identify someone when small; counts of
        organisations, documents or tonnes cannot."""
        return (self.kind == "count" and self.column is not None
                and (self.unit or "").lower() not in NOT_PEOPLE)

    @property
    def years(self) -> list[int]:
        return sorted({p.year for p in self.periods})

    @property
    def latest_year(self) -> int | None:
        years = self.years
        return years[-1] if years else None

    def period_label(self, year: int) -> str:
        return next((p.label for p in self.periods if p.year == year), str(year))

    def dimension(self, column: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.column == column), None)


class DatasetInfo(BaseModel):
    """Catalogue facts about one dataset, as served (citations, discovery)."""

    id: str
    title: str
    description: str = ""
    publisher: str = ""
    licence: str = ""
    licence_url: str | None = None
    source_url: str | None = None
    updated: str | None = None
    collection: str = "uncategorised"
    geography_level: str | None = None
    time_coverage: str | None = None
    caveats: list[str] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list)
    queryable: bool = True
    columns: list[dict[str, str | None]] = Field(default_factory=list)
    rows: int = 0


class CollectionInfo(BaseModel):
    id: str
    title: str
    description: str = ""
    examples: list[str] = Field(default_factory=list)
    dataset_ids: list[str] = Field(default_factory=list)


class SemanticLayer(BaseModel):
    measures: list[Measure]
    datasets: dict[str, DatasetInfo]
    collections: list[CollectionInfo]

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def measures_of(self, dataset_id: str) -> list[Measure]:
        return [m for m in self.measures if m.dataset_id == dataset_id]

    def count_columns(self) -> frozenset[str]:
        """Columns holding counts of people, for SQL the planner did not write. Generic value
        columns of long tables mix counts and rates, so only planned answers (which know the
        measure) suppress those."""
        return frozenset(m.column for m in self.measures
                         if m.disclosive and m.column and m.column not in GENERIC_COLUMNS)
