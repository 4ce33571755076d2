"""Place-name matching for uncurated files, against the `places` and `place_names` tables.

Names are normalised (case, punctuation, `&`) the same way in Python and in SQL, and only
names that map to exactly one area code are used.
"""

from __future__ import annotations

import re

import duckdb

from indexing.tidy_text import is_marker


def norm_sql(expr: str) -> str:
    return ("trim(regexp_replace(lower(replace(CAST(" + expr + " AS VARCHAR), '&', ' and ')), "
            "'[^a-z0-9]+', ' ', 'g'))")


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).strip()


def place_lookup_sql() -> str:
    """One code per normalised place name (ambiguous names are left out)."""
    return (
        "SELECT k, min(code) AS code FROM ("
        f" SELECT {norm_sql('name')} AS k, code FROM place_names"
        f" UNION ALL SELECT {norm_sql('name')}, code FROM places WHERE active"
        f" UNION ALL SELECT {norm_sql('official_name')}, code FROM places"
        " WHERE active AND official_name IS NOT NULL"
        ") WHERE k <> '' GROUP BY k HAVING count(DISTINCT code) = 1"
    )


def has_places(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name IN ('places', 'place_names')"
    ).fetchone()
    return bool(row and row[0] == 2)


def place_keys(con: duckdb.DuckDBPyConnection) -> set[str]:
    if not has_places(con):
        return set()
    return {str(k) for (k,) in con.execute(f"SELECT k FROM ({place_lookup_sql()})").fetchall()}


def place_share(values: list[str], keys: set[str]) -> float:
    vals = [v for v in values if not is_marker(v)]
    if not vals or not keys:
        return 0.0
    return sum(norm(v) in keys for v in vals) / len(vals)


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                      [name]).fetchone()
    return bool(row and row[0])
