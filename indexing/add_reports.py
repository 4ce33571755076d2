"""What `ndl add` / `ndl remove` report: the inferred schema, as JSON and in plain words.

`AddReport` is also the body of POST /v1/datasets, so the API and the CLI say the same.
"""

from __future__ import annotations

import duckdb
from pydantic import BaseModel, Field

from assistant.semantic import Measure
from assistant.settings import Settings
from indexing.catalogue import DatasetSpec
from indexing.tidy_plan import TidyPlan


class MeasureReport(BaseModel):
    id: str
    label: str
    column: str | None
    filters: dict[str, str] = Field(default_factory=dict)
    unit: str | None
    kind: str
    additive: bool
    periods: list[str] = Field(default_factory=list)


class DimensionReport(BaseModel):
    column: str
    values: list[str]
    default: str | None = None


class AddReport(BaseModel):
    """What `ndl add` did and what it inferred; also the body of POST /v1/datasets."""

    id: str
    title: str
    status: str  # added | replaced | unchanged
    rows: int
    shape: str
    columns: list[dict[str, str | None]]
    measures: list[MeasureReport]
    dimensions: list[DimensionReport]
    time_column: str | None = None
    period_column: str | None = None
    grain: str | None = None
    first_period: str | None = None
    last_period: str | None = None
    geography_column: str | None = None
    geography: str | None = None
    geo_levels: list[str] = Field(default_factory=list)
    area_count: int = 0
    inferred: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)
    catalogue_file: str = ""
    indexed: bool = False
    seconds: float = 0.0


class RemoveReport(BaseModel):
    id: str
    removed_files: list[str]
    indexed: bool
    seconds: float


def build_report(spec: DatasetSpec, plan: TidyPlan | None, measures: list[Measure], rows: int,
                 status: str) -> AddReport:
    """The report of one dataset from its entry, its shaping plan and its measures."""
    first = measures[0] if measures else None
    dims: dict[str, DimensionReport] = {}
    for m in measures:
        for d in m.dimensions:
            dims.setdefault(d.column, DimensionReport(column=d.column, values=d.values[:20],
                                                      default=d.default))
    labels = sorted({(p.year, p.label) for m in measures for p in m.periods})
    return AddReport(
        id=spec.id, title=spec.title, status=status, rows=rows,
        shape=plan.shape if plan else "",
        columns=[{"name": c.name, "description": c.description, "unit": c.unit}
                 for c in spec.columns],
        measures=[MeasureReport(id=m.id, label=m.label, column=m.column, filters=m.filters,
                                unit=m.unit, kind=m.kind, additive=m.additive,
                                periods=[p.label for p in m.periods][-3:])
                  for m in measures],
        dimensions=list(dims.values()),
        time_column=first.time_column if first else None,
        period_column=first.period_column if first else None,
        grain=plan.grain if plan else None,
        first_period=labels[0][1] if labels else None,
        last_period=labels[-1][1] if labels else None,
        geography_column=first.geo_column if first else None,
        geography=plan.geography if plan else None,
        geo_levels=sorted({lv for m in measures for lv in m.geo_levels}),
        area_count=max((m.area_count for m in measures), default=0),
        inferred=spec.inferred, missing=spec.missing, notes=plan.notes if plan else [],
        files=[f"data/raw/{f}" for f in spec.files],
        catalogue_file=f"data/catalogue/added/{spec.id}.yaml",
    )


def built_measures(settings: Settings, dataset_id: str) -> tuple[list[Measure], int]:
    """The measures of one dataset as the built index holds them (and its row count)."""
    from assistant.resources import load_layer

    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        layer = load_layer(con)
        info = layer.datasets.get(dataset_id)
        return layer.measures_of(dataset_id), info.rows if info else 0


def describe(report: AddReport) -> str:
    """What `ndl add` prints: the inferred schema in plain words."""
    lines = [f"{report.status.capitalize()} {report.id}: {report.title} ({report.rows} rows, "
             f"{report.shape} file)"]
    if report.time_column:
        lines.append(f"  time: {report.time_column} (label {report.period_column or '-'}), "
                     f"grain {report.grain or 'unknown'}, {report.first_period} to "
                     f"{report.last_period}")
    else:
        lines.append("  time: none found")
    if report.geography_column:
        lines.append(f"  geography: {report.geography_column} from {report.geography}; "
                     f"{report.area_count} areas; levels "
                     f"{', '.join(report.geo_levels) or 'unknown'}")
    else:
        lines.append("  geography: none found")
    lines.append(f"  measures ({len(report.measures)}):")
    for m in report.measures[:25]:
        lines.append(f"    - {m.label} [{m.unit or 'no unit'}; {m.kind}"
                     f"{'; additive' if m.additive else ''}] ({m.id})")
    if len(report.measures) > 25:
        lines.append(f"    … and {len(report.measures) - 25} more")
    for d in report.dimensions:
        shown = ", ".join(d.values[:8]) + (" …" if len(d.values) > 8 else "")
        lines.append(f"  dimension {d.column}: {shown}"
                     + (f" (total: {d.default})" if d.default else ""))
    if report.inferred:
        lines.append(f"  inferred metadata: {', '.join(report.inferred)}")
    if report.missing:
        lines.append(f"  missing metadata: {', '.join(report.missing)} "
                     f"(edit {report.catalogue_file})")
    lines += [f"  note: {n}" for n in report.notes]
    if not report.indexed:
        lines.append("  not indexed yet: run `ndl index`")
    return "\n".join(lines)
