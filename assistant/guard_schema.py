"""What the SQL guard lets a query read: the user tables of the DuckDB file and their columns.

Names compare as DuckDB compares them (ASCII case-insensitively), so a table or column is
allowed exactly when DuckDB would resolve it to a listed one.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

import duckdb

from assistant.models import GuardedSQL

GUARD_CACHE_SIZE = 1024  # distinct accepted queries remembered per schema


def normalize(name: str) -> str:
    """DuckDB identifiers are case-insensitive; only ASCII folds, so look-alikes never match."""
    return name.lower() if name.isascii() else name


@dataclass(frozen=True)
class Schema:
    """The tables a query may read (table -> its columns); nothing else exists to the guard."""

    tables: Mapping[str, frozenset[str]]
    _index: dict[str, tuple[str, frozenset[str]]] = field(init=False, repr=False, compare=False)
    _accepted: dict[Hashable, GuardedSQL] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _lock: threading.Lock = field(
        init=False, repr=False, compare=False, default_factory=threading.Lock
    )

    def __post_init__(self) -> None:
        index = {
            normalize(t): (t, frozenset(normalize(c) for c in cols))
            for t, cols in self.tables.items()
        }
        object.__setattr__(self, "_index", index)

    def lookup(self, table: str) -> tuple[str, frozenset[str]] | None:
        """The catalogue name and columns of `table`, or None if it is not allowed."""
        return self._index.get(normalize(table))

    def accepted(self, key: Hashable) -> GuardedSQL | None:
        """What the guard made of this query before: the checks depend only on the query,
        its options and this schema, which never changes (a new index is a new Schema)."""
        with self._lock:
            return self._accepted.get(key)

    def accept(self, key: Hashable, guarded: GuardedSQL) -> None:
        with self._lock:
            self._accepted[key] = guarded
            if len(self._accepted) > GUARD_CACHE_SIZE:
                del self._accepted[next(iter(self._accepted))]

    @classmethod
    def from_connection(cls, con: duckdb.DuckDBPyConnection) -> Schema:
        """Read user tables and views; names starting with '_' hold internal metadata."""
        rows = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'main' AND table_catalog = current_database()"
            " ORDER BY table_name, ordinal_position"
        ).fetchall()
        tables: dict[str, set[str]] = {}
        for table, column in rows:
            if not str(table).startswith("_"):
                tables.setdefault(str(table), set()).add(str(column))
        return cls({t: frozenset(cols) for t, cols in tables.items()})
