"""Profiles every column of a loaded table: the facts the semantic layer is inferred from."""

from __future__ import annotations

import duckdb
from pydantic import BaseModel, Field

from indexing.loading import quote_ident, table_columns

LOW_CARDINALITY = 250
NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "DOUBLE", "FLOAT",
                 "DECIMAL", "REAL", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT")


class ValueCount(BaseModel):
    value: str
    count: int


class ColumnProfile(BaseModel):
    name: str
    type: str
    distinct: int
    nulls: int
    minimum: float | str | None = None
    maximum: float | str | None = None
    values: list[ValueCount] = Field(default_factory=list)

    @property
    def numeric(self) -> bool:
        return self.type.upper().startswith(NUMERIC_TYPES)

    @property
    def value_list(self) -> list[str]:
        return [v.value for v in self.values]


class TableProfile(BaseModel):
    table: str
    rows: int
    columns: list[ColumnProfile]

    def column(self, name: str) -> ColumnProfile | None:
        return next((c for c in self.columns if c.name == name), None)


def _profile_column(
    con: duckdb.DuckDBPyConnection, table: str, name: str, kind: str
) -> ColumnProfile:
    col, tab = quote_ident(name), quote_ident(table)
    distinct, nulls, lo, hi = con.execute(
        f"SELECT count(DISTINCT {col}), count(*) - count({col}), min({col}), max({col}) "
        f"FROM {tab}"
    ).fetchone() or (0, 0, None, None)
    profile = ColumnProfile(
        name=name, type=kind, distinct=int(distinct), nulls=int(nulls),
        minimum=_scalar(lo), maximum=_scalar(hi),
    )
    if distinct <= LOW_CARDINALITY and not profile.numeric:
        rows = con.execute(
            f"SELECT CAST({col} AS VARCHAR), count(*) FROM {tab} WHERE {col} IS NOT NULL "
            f"GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
        profile.values = [ValueCount(value=str(v), count=int(n)) for v, n in rows]
    return profile


def _scalar(value: object) -> float | str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return float(value)
    return str(value)


def profile_table(con: duckdb.DuckDBPyConnection, table: str) -> TableProfile:
    row = con.execute(f"SELECT count(*) FROM {quote_ident(table)}").fetchone()
    columns = [_profile_column(con, table, n, k) for n, k in table_columns(con, table)]
    return TableProfile(table=table, rows=int(row[0]) if row else 0, columns=columns)
