"""Property tests: generated SELECTs and junk either pass and run within limits, or are
refused with `SQLRejected`; no other exception ever escapes the guard."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import ExecutionError, SQLRejected
from assistant.execution import execute
from assistant.guard import guard
from tests.sqlfixtures import fixture_schema, fixture_settings, shared_fixture_db

F = "fuel_poverty_2021"
TEXT_COLUMNS = ["area_code", "area_name", "area_type", "region"]
NUMBER_COLUMNS = ["households", "fuel_poor_households", "fuel_poor_pct", "year"]
CONFIG = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@st.composite
def predicates(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        column = draw(st.sampled_from(NUMBER_COLUMNS))
        op = draw(st.sampled_from(["=", "<>", "<", "<=", ">", ">="]))
        number = draw(st.integers(-(10**9), 10**9) | st.floats(-1e6, 1e6, allow_nan=False))
        return f"{column} {op} {number}"
    column = draw(st.sampled_from(TEXT_COLUMNS))
    value = draw(st.text(max_size=12))
    form = draw(st.sampled_from(["{c} = {v}", "{c} LIKE {v}", "{c} IS NULL", "{c} IN ({v})"]))
    return form.format(c=column, v=quote(value))


@st.composite
def selects(draw: st.DrawFn) -> str:
    aggregate = draw(st.booleans())
    if aggregate:
        group = draw(st.sampled_from(["area_type", "region"]))
        fn = draw(st.sampled_from(["SUM", "AVG", "MIN", "MAX", "COUNT", "MEDIAN", "STDDEV"]))
        metric = draw(st.sampled_from(NUMBER_COLUMNS))
        items = f"{group}, {fn}({metric}) AS v"
        tail = f" GROUP BY {group} ORDER BY v DESC NULLS LAST"
    else:
        columns = draw(
            st.lists(st.sampled_from(TEXT_COLUMNS + NUMBER_COLUMNS), min_size=1, max_size=4)
        )
        items = "*" if draw(st.booleans()) else ", ".join(dict.fromkeys(columns))
        tail = ""
    where = draw(st.lists(predicates(), max_size=3))
    sql = f"SELECT {items} FROM {F}"
    if where:
        sql += " WHERE " + draw(st.sampled_from([" AND ", " OR "])).join(where)
    sql += tail
    limit = draw(st.none() | st.integers(-5, 10**12) | st.sampled_from(["ALL", "1e3", "(1)"]))
    return sql if limit is None else f"{sql} LIMIT {limit}"


def guard_or_reject(sql: str) -> None:
    """The property: the guard returns GuardedSQL or raises SQLRejected, nothing else."""
    cfg = fixture_settings(row_cap=50, query_timeout_s=2.0)
    try:
        guarded = guard(sql, fixture_schema(), cfg.row_cap, cfg.max_sql_chars)
    except SQLRejected:
        return
    assert guarded.limit <= cfg.row_cap
    try:
        result = execute(guarded, shared_fixture_db(), cfg)
    except ExecutionError:
        return  # DuckDB refused a query the guard let through: safe, and reported
    assert len(result.rows) <= cfg.row_cap


@CONFIG
@given(selects())
def test_generated_selects_pass_and_run_or_are_rejected(sql: str) -> None:
    cfg = fixture_settings(row_cap=50)
    try:
        guarded = guard(sql, fixture_schema(), cfg.row_cap, cfg.max_sql_chars)
    except SQLRejected as err:
        assert err.reason == "invalid_limit", (sql, err.message)
        return
    result = execute(guarded, shared_fixture_db(), cfg)  # well-typed SQL must run
    assert len(result.rows) <= guarded.limit <= cfg.row_cap


@CONFIG
@given(st.text(max_size=200))
def test_junk_text_never_escapes_as_another_exception(sql: str) -> None:
    guard_or_reject(sql)


SQL_WORDS = [
    "SELECT", "FROM", "WHERE", "WITH", "AS", "UNION", "JOIN", "ON", "LIMIT", "ORDER BY",
    "GROUP BY", "(", ")", ",", ";", "*", "--", "/*", "*/", "'", '"', "1", "-1", "=",
    F, "places", "_semantic", "area_name", "households", "code", "read_csv('/etc/passwd')",
    "count(*)", "sum(households)", "RECURSIVE", "ATTACH", "COPY", "SET", "PRAGMA", "x",
]  # fmt: skip


@CONFIG
@given(st.lists(st.sampled_from(SQL_WORDS), min_size=1, max_size=25))
def test_sql_shaped_junk_never_escapes_as_another_exception(words: list[str]) -> None:
    guard_or_reject(" ".join(words))


@pytest.mark.parametrize("seed", ["SELECT", "SELECT * FROM", "WITH x AS (", "(((", "'"])
def test_truncated_sql_is_rejected(seed: str) -> None:
    with pytest.raises(SQLRejected):
        guard(seed, fixture_schema(), 10)
