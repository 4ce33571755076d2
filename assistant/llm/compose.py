"""Answers from any result of LLM-written SQL: a plain sentence that only restates rows,
the table, the SQL that ran, citations of the tables it read and a chart chosen by shape.

Nothing is inferred beyond the rows: no "highest", "rising" or comparisons, because the
query's meaning is the model's and only its output is known to be true.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlglot
from sqlglot import exp

from assistant.answer import citation
from assistant.formatting import number
from assistant.models import Answer, ChartSpec, Result, Scalar
from assistant.semantic import DatasetInfo, Measure, SemanticLayer

TIME_NAMES = re.compile(r"^(year|period|date|month|quarter|week|day|time|financial_year|"
                        r"academic_year|time_period)$|_(year|date|period|month)$", re.I)
LABEL_PREFERENCE = ("area_name", "area", "name", "title", "region_name", "la_name")
MAX_ROWS_IN_TEXT = 5


def _is_number(value: Scalar) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _numeric(result: Result) -> list[str]:
    return [c for i, c in enumerate(result.columns)
            if any(_is_number(r[i]) for r in result.rows)
            and all(r[i] is None or _is_number(r[i]) for r in result.rows)]


def _time_column(result: Result) -> str | None:
    return next((c for c in result.columns if TIME_NAMES.search(c)), None)


def value_column(result: Result) -> str | None:
    """`value` if present, else the last numeric column that is not a period."""
    numeric = _numeric(result)
    if "value" in numeric:
        return "value"
    candidates = [c for c in numeric if not TIME_NAMES.search(c)]
    return candidates[-1] if candidates else None


def datasets_for(layer: SemanticLayer, tables: Sequence[str]) -> list[DatasetInfo]:
    by_table = {m.table.lower(): m.dataset_id for m in layer.measures}
    out: list[DatasetInfo] = []
    for table in tables:
        dataset_id = by_table.get(table.lower(), table)
        info = layer.datasets.get(dataset_id) or next(
            (d for d in layer.datasets.values() if d.id.lower() == table.lower()), None)
        if info is not None and info not in out:
            out.append(info)
    return out


def _source_columns(sql: str, output: str) -> tuple[set[str], set[str], bool]:
    """Catalogue columns behind output column `output`, the string literals of the query,
    and whether the projection counts rows (COUNT)."""
    try:
        root = sqlglot.parse_one(sql, dialect="duckdb")
    except Exception:
        return set(), set(), False
    literals = {str(lit.this) for lit in root.find_all(exp.Literal) if lit.is_string}
    outer = root
    while isinstance(outer, exp.SetOperation):
        outer = outer.this
    if not isinstance(outer, exp.Select):
        return set(), literals, False
    for projection in outer.selects:
        if projection.alias_or_name == output:
            counts = projection.find(exp.Count) is not None
            return {c.name.lower() for c in projection.find_all(exp.Column)}, literals, counts
    return set(), literals, False


def measure_for(layer: SemanticLayer, sql: str, tables: Sequence[str],
                column: str) -> Measure | None:
    """The measure an output column shows, when the SQL makes it unambiguous: one source
    column, and either one measure on it or one whose filter values all appear in the SQL."""
    sources, literals, counts = _source_columns(sql, column)
    if counts or len(sources) != 1:
        return None
    source = next(iter(sources))
    wanted = {t.lower() for t in tables}
    on_column = [m for m in layer.measures
                 if m.table.lower() in wanted and (m.column or "").lower() == source]
    if len(on_column) > 1:
        on_column = [m for m in on_column if m.filters
                     and all(v in literals for v in m.filters.values())]
    return on_column[0] if len(on_column) == 1 else None


def _fmt(value: Scalar, unit: str | None) -> str:
    return number(value, unit) if _is_number(value) else ("not available" if value is None
                                                          else str(value))


def _row_text(row: list[Scalar], columns: list[str], figure: str | None,
              unit: str | None) -> str:
    labels = [str(row[i]) for i, c in enumerate(columns)
              if c != figure and row[i] is not None and not _is_number(row[i])
              and not c.lower().endswith("_code")]
    times = [str(row[i]) for i, c in enumerate(columns)
             if c != figure and _is_number(row[i]) and TIME_NAMES.search(c)]
    others = [f"{c} {_fmt(row[i], None)}" for i, c in enumerate(columns)
              if c != figure and _is_number(row[i]) and not TIME_NAMES.search(c)]
    label = " ".join(dict.fromkeys(labels + times))
    shown = [_fmt(row[columns.index(figure)], unit)] if figure else []
    body = "; ".join(shown + others) or "no figure"
    return f"{label}: {body}" if label else body


def sentence(result: Result, figure: str | None, unit: str | None) -> str:
    cols, rows = result.columns, result.rows
    if not rows:
        return "The query ran but found no rows matching the question."
    pieces = [_row_text(r, cols, figure, unit) for r in rows[:MAX_ROWS_IN_TEXT]]
    if len(rows) == 1:
        return f"{pieces[0]}."
    more = f" (and {len(rows) - MAX_ROWS_IN_TEXT} more in the table)" \
        if len(rows) > MAX_ROWS_IN_TEXT else ""
    return f"{len(rows)} rows: {'; '.join(pieces)}{more}."


def chart(result: Result, figure: str | None, title: str | None) -> ChartSpec:
    """number for one row, line over time, bar for several rows, none otherwise."""
    if figure is None or not result.rows:
        return ChartSpec(kind="none")
    if len(result.rows) == 1:
        return ChartSpec(kind="number", y=figure, title=title)
    numeric = set(_numeric(result))
    time = _time_column(result)
    labels = [c for c in result.columns if c not in numeric and c != time
              and not c.lower().endswith("_code")]
    if time and time != figure:
        i = result.columns.index(time)
        if len({str(r[i]) for r in result.rows}) > 1:
            series = next((c for c in labels if len(
                {str(r[result.columns.index(c)]) for r in result.rows}) > 1), None)
            return ChartSpec(kind="line", x=time, y=figure, series=series, title=title)
    x = next((c for c in LABEL_PREFERENCE if c in labels), labels[0] if labels else None)
    x = x or next((c for c in result.columns if c != figure), None)
    return ChartSpec(kind="bar", x=x, y=figure, title=title)


def compose_result(result: Result, sql: str, tables: Sequence[str], layer: SemanticLayer,
                   *, engine: str, caveats: Sequence[str] = (),
                   status: str = "answered") -> Answer:
    """The answer for rows from a guarded, executed LLM query."""
    figure = value_column(result)
    measure = measure_for(layer, sql, tables, figure) if figure else None
    unit = measure.unit if measure else None
    infos = datasets_for(layer, tables)
    notes = [*caveats]
    if result.truncated:
        notes.append(f"Only the first {len(result.rows)} rows are shown.")
    for info in infos:
        notes.extend(info.caveats)
    value: float | None = None
    if figure and len(result.rows) == 1:
        cell = result.rows[0][result.columns.index(figure)]
        value = float(cell) if _is_number(cell) else None  # type: ignore[arg-type]
    return Answer(
        status="answered" if status == "answered" else "no_answer",
        text=sentence(result, figure, unit), value=value, unit=unit,
        table=result.as_table(), sql=sql, datasets=[citation(i) for i in infos],
        collection=infos[0].collection if infos else None,
        caveats=list(dict.fromkeys(notes)),
        chart=chart(result, figure, measure.label if measure else None),
        engine=engine,
    )
