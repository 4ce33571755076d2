"""The curated catalogue: dataset and collection descriptions read from `data/catalogue/`.

The catalogue only adds meaning (titles, licences, units, synonyms, collections) on top of
what profiling infers; no planner rule is specific to a dataset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from assistant.errors import CatalogueError

Role = Literal[
    "geography", "area_name", "area_type", "time", "period", "month", "dimension", "measure",
    "attribute",
]


class ColumnSpec(BaseModel):
    name: str
    description: str = ""
    role: Role | None = None
    unit: str | None = None
    additive: bool | None = None  # dimensions: may counts be added up across its values?
    # dimensions: everyday names of a value ("Acts of Parliament" → "UK Public General Act")
    value_synonyms: dict[str, list[str]] = Field(default_factory=dict)


class MeasureSpec(BaseModel):
    """A curated refinement of an inferred measure, matched on `column` and `filters`."""

    id: str | None = None
    label: str | None = None
    column: str | None = None
    filters: dict[str, str] = Field(default_factory=dict)
    unit: str | None = None
    kind: str | None = None
    polarity: Literal["higher_is_better", "lower_is_better", "neutral"] | None = None
    additive: bool | None = None
    description: str | None = None
    synonyms: list[str] = Field(default_factory=list)

    @field_validator("filters", mode="before")
    @classmethod
    def _stringify(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): str(v) for k, v in value.items()}
        return value


class Example(BaseModel):
    question: str
    answer: float | str | None = None
    sql: str | None = None


class DatasetSpec(BaseModel):
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
    files: list[str] = Field(default_factory=list)
    load_order: int = 10
    load_sql: str | None = None
    columns: list[ColumnSpec] = Field(default_factory=list)
    measures: list[MeasureSpec] = Field(default_factory=list)
    examples: list[Example] = Field(default_factory=list)
    # `ndl add`: where the entry came from, which fields were guessed and which are unknown
    origin: Literal["curated", "added"] = "curated"
    inferred: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    source_file: str | None = None  # the file's name as given to `ndl add`
    sha256: str | None = None  # digest of the added file: re-adding it is a no-op
    added_at: str | None = None

    @field_validator("updated", "time_coverage", "added_at", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        return None if value is None else str(value)

    def column(self, name: str) -> ColumnSpec | None:
        return next((c for c in self.columns if c.name == name), None)


class CollectionSpec(BaseModel):
    id: str
    title: str
    description: str = ""
    examples: list[str] = Field(default_factory=list)


class Catalogue(BaseModel):
    datasets: list[DatasetSpec]
    collections: list[CollectionSpec]

    def dataset(self, dataset_id: str) -> DatasetSpec | None:
        return next((d for d in self.datasets if d.id == dataset_id), None)

    def collection(self, collection_id: str) -> CollectionSpec | None:
        return next((c for c in self.collections if c.id == collection_id), None)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path.name} is not valid YAML", file=str(path)) from exc


def load_dataset_spec(path: Path) -> DatasetSpec:
    try:
        return DatasetSpec.model_validate(_read_yaml(path))
    except ValidationError as exc:
        raise CatalogueError(
            f"{path.name} does not match the catalogue format", errors=exc.errors()[:5]
        ) from exc


def added_dir(data_dir: Path) -> Path:
    """Catalogue entries written by `ndl add` (kept apart from the curated ones)."""
    return data_dir / "catalogue" / "added"


def load_catalogue(data_dir: Path, include_added: bool = True) -> Catalogue:
    """Read every dataset file, in load order, and the collections; datasets added with
    `ndl add` (data/catalogue/added/*.yaml) follow the curated ones."""
    folder = data_dir / "catalogue"
    datasets = [load_dataset_spec(p) for p in sorted((folder / "datasets").glob("*.yaml"))]
    if include_added:
        curated = {d.id for d in datasets}
        for path in sorted(added_dir(data_dir).glob("*.yaml")):
            spec = load_dataset_spec(path).model_copy(update={"origin": "added"})
            if spec.id not in curated:  # a curated entry with the same id wins
                datasets.append(spec)
    datasets.sort(key=lambda d: (d.load_order, d.id))
    collections_file = folder / "collections.yaml"
    raw = _read_yaml(collections_file) if collections_file.exists() else []
    collections = [CollectionSpec.model_validate(c) for c in raw or []]
    return Catalogue(datasets=datasets, collections=collections)
