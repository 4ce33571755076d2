"""The guard remembers accepted queries per schema, and only with the options they passed."""

from __future__ import annotations

import pytest

from assistant.errors import SQLRejected
from assistant.guard import guard
from assistant.guard_schema import GUARD_CACHE_SIZE, Schema
from tests.sqlfixtures import COUNT_COLUMNS, fixture_schema

F = "fuel_poverty_2021"
DIFF = f"SELECT SUM(households) - SUM(fuel_poor_households) AS d FROM {F}"


def test_an_accepted_query_is_remembered() -> None:
    schema = fixture_schema()
    first = guard(f"SELECT area_name FROM {F}", schema, 100)
    assert guard(f"SELECT area_name FROM {F}", schema, 100) is first


def test_options_are_part_of_what_is_remembered() -> None:
    schema = fixture_schema()
    assert guard(f"SELECT area_name FROM {F}", schema, 100).limit == 100
    assert guard(f"SELECT area_name FROM {F}", schema, 10).limit == 10
    assert guard(DIFF, schema, 100).sql.startswith("SELECT")  # no count columns declared
    with pytest.raises(SQLRejected):
        guard(DIFF, schema, 100, count_columns=COUNT_COLUMNS)
    with pytest.raises(SQLRejected):
        guard(DIFF, schema, 100, max_chars=len(DIFF) - 1)


def test_refusals_are_not_remembered_and_schemas_do_not_share() -> None:
    schema = fixture_schema()
    for _ in range(2):
        with pytest.raises(SQLRejected):
            guard("SELECT * FROM read_csv('/etc/passwd')", schema, 100)
    guard(f"SELECT area_name FROM {F}", schema, 100)
    narrower = Schema({t: c for t, c in schema.tables.items() if t != F})
    with pytest.raises(SQLRejected):
        guard(f"SELECT area_name FROM {F}", narrower, 100)


def test_the_memory_is_bounded() -> None:
    schema = fixture_schema()
    for n in range(GUARD_CACHE_SIZE + 10):
        guard(f"SELECT {n} AS n FROM {F}", schema, 100)
    assert len(schema._accepted) == GUARD_CACHE_SIZE
