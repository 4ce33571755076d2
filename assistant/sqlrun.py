"""The guarded SQL endpoint behind `POST /v1/sql` and `ndl sql`.

Callers send SQL text; it is guarded, run and disclosure-checked exactly like the SQL
the pipeline writes. Bad SQL is an answer (`status="rejected"`), not an exception.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Literal

import sqlglot
from pydantic import BaseModel, Field

from assistant.disclosure import count_outputs, suppress
from assistant.errors import ExecutionError, SQLRejected
from assistant.execution import execute
from assistant.guard import DIALECT, Schema, guard
from assistant.models import Scalar
from assistant.settings import Settings


class SqlResponse(BaseModel):
    """One statement's outcome; `sql` is what actually ran (regenerated, LIMITed)."""

    status: Literal["ok", "rejected", "error"]
    sql: str | None = None
    columns: list[str] = Field(default_factory=list)
    rows: list[list[Scalar]] = Field(default_factory=list)
    truncated: bool = False
    elapsed_ms: float = 0.0
    reason: str | None = None
    message: str | None = None
    caveats: list[str] = Field(default_factory=list)


def run_sql(
    sql: str,
    db_path: Path,
    schema: Schema,
    settings: Settings,
    *,
    count_columns: Collection[str] = (),
) -> SqlResponse:
    """Guard, run and suppress one statement; rejections and DuckDB errors become statuses.

    `count_columns` names the catalogue columns holding counts of people: they are
    protected from differencing and small values in them are suppressed.
    `IndexNotBuilt` still raises: a missing database is the server's problem, not the SQL's.
    """
    start = time.perf_counter()
    try:
        guarded = guard(
            sql, schema, settings.row_cap, settings.max_sql_chars, count_columns=count_columns
        )
    except SQLRejected as err:
        return SqlResponse(
            status="rejected", reason=err.reason, message=err.message, elapsed_ms=_since(start)
        )
    try:
        result = execute(guarded, db_path, settings)
    except ExecutionError as err:
        return SqlResponse(
            status="error",
            sql=guarded.sql,
            reason=err.code,
            message=err.message,
            elapsed_ms=_since(start),
        )
    caveats: list[str] = []
    if count_columns:
        outputs = count_outputs(sqlglot.parse_one(guarded.sql, dialect=DIALECT), count_columns)
        result, caveats = suppress(result, outputs, settings.suppression_threshold)
    return SqlResponse(
        status="ok",
        sql=guarded.sql,
        columns=result.columns,
        rows=result.rows,
        truncated=result.truncated,
        elapsed_ms=result.elapsed_ms,
        caveats=caveats,
    )


def run_sql_lines(
    lines: Iterable[str],
    db_path: Path,
    schema: Schema,
    settings: Settings,
    *,
    count_columns: Collection[str] = (),
) -> Iterator[SqlResponse]:
    """One statement per line (for `ndl sql` batches); blank lines are skipped."""
    for line in lines:
        if line.strip():
            yield run_sql(line, db_path, schema, settings, count_columns=count_columns)


def _since(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)
