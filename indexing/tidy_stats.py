"""What one column of an uncurated file looks like: its distinct values and what they parse as.

Every shaping decision (numeric or text, codes or names, time or not) is read from these
statistics, never from a dataset-specific rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from indexing.loading import quote_ident
from indexing.tidy_text import is_marker, parses_number
from indexing.tidy_time import TimeFormat

GSS = re.compile(r"^[EWSNKL]\d{8}$")
NUMERIC_SHARE = 0.9
PLACE_SHARE = 0.7
MAX_VALUES = 5000


@dataclass
class Stats:
    name: str
    nonnull: int
    values: list[str]  # distinct trimmed values, most frequent first (capped)
    distinct: int
    numeric: float  # share of non-marker values that parse as numbers
    places: float = 0.0
    gss: float = 0.0
    time: TimeFormat | None = None


def column_stats(con: duckdb.DuckDBPyConnection, relation: str, name: str) -> Stats:
    col = quote_ident(name)
    text = f"trim(CAST({col} AS VARCHAR))"
    nonnull, distinct = con.execute(
        f"SELECT count({col}) FILTER (WHERE {text} <> ''), count(DISTINCT {text}) "
        f"FROM {relation}"
    ).fetchone() or (0, 0)
    rows = con.execute(
        f"SELECT {text} AS v, count(*) AS n FROM {relation} WHERE {text} <> '' "
        f"GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {MAX_VALUES}"
    ).fetchall()
    values = [str(v) for v, _ in rows]
    weights = [int(n) for _, n in rows]
    counted = [(v, n) for v, n in zip(values, weights, strict=True) if not is_marker(v)]
    total = sum(n for _, n in counted)
    numeric = sum(n for v, n in counted if parses_number(v)) / total if total else 0.0
    gss = sum(bool(GSS.match(v)) for v in values) / len(values) if values else 0.0
    return Stats(name=name, nonnull=int(nonnull), values=values, distinct=int(distinct),
                 numeric=numeric, gss=gss)
