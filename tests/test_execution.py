"""The hardened connection, timeouts, row caps, value conversion and the /v1/sql runner."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from assistant import errors
from assistant.execution import connect, execute, to_scalar
from assistant.guard import guard
from assistant.models import GuardedSQL, Result
from assistant.sqlrun import run_sql, run_sql_lines
from tests.sqlfixtures import COUNT_COLUMNS, fixture_schema, fixture_settings, shared_fixture_db

F = "fuel_poverty_2021"
# Joins on a column that is the same in every row: 335^4 rows, well past any time limit.
BOMB = (
    f"SELECT max(a.fuel_poor_pct + b.fuel_poor_pct + c.fuel_poor_pct + d.fuel_poor_pct) AS m"
    f" FROM {F} a JOIN {F} b ON a.year = b.year JOIN {F} c ON b.year = c.year"
    f" JOIN {F} d ON c.year = d.year"
)


def run(sql: str, **overrides: object) -> Result:
    settings = fixture_settings(**overrides)
    return execute(guard(sql, fixture_schema(), settings.row_cap), shared_fixture_db(), settings)


@pytest.mark.parametrize(
    "sql",
    [
        "SET memory_limit = '64GB'",
        "SET enable_external_access = true",
        "SELECT * FROM read_csv('/etc/passwd')",
        "CREATE TABLE x AS SELECT 1",
        "ATTACH '/tmp/ndl-should-not-exist.duckdb' AS x",
        "INSTALL httpfs",
        "LOAD httpfs",
    ],
)
def test_connection_is_hardened_even_for_unguarded_sql(sql: str) -> None:
    con = connect(shared_fixture_db(), fixture_settings())
    try:
        with pytest.raises(duckdb.Error):
            con.execute(sql)
    finally:
        con.close()


def test_connection_settings_are_applied() -> None:
    con = connect(shared_fixture_db(), fixture_settings(duckdb_threads=1))
    try:
        row = con.execute(
            "SELECT current_setting('threads'), current_setting('enable_external_access'),"
            " current_setting('lock_configuration')"
        ).fetchone()
    finally:
        con.close()
    assert row == (1, False, True)


def test_missing_database_is_index_not_built(tmp_path: Path) -> None:
    with pytest.raises(errors.IndexNotBuilt):
        connect(tmp_path / "absent.duckdb", fixture_settings())


def test_execute_returns_rows_and_columns() -> None:
    result = run(f"SELECT area_name, households FROM {F} WHERE area_code = 'E92000001'")
    assert result.columns == ["area_name", "households"]
    assert result.rows == [["England", 24070861.0]]
    assert result.truncated is False


def test_row_cap_truncates_and_flags() -> None:
    settings = fixture_settings(row_cap=10)
    guarded = GuardedSQL(sql=f"SELECT area_code FROM {F}", tables=(F,), limit=1000)
    result = execute(guarded, shared_fixture_db(), settings)
    assert len(result.rows) == 10
    assert result.truncated is True


def test_guard_limit_below_cap_is_not_truncated() -> None:
    result = run(f"SELECT area_code FROM {F} LIMIT 3")
    assert len(result.rows) == 3 and result.truncated is False


def test_execute_takes_only_guarded_sql() -> None:
    with pytest.raises(TypeError):
        execute("SELECT 1", shared_fixture_db(), fixture_settings())  # type: ignore[arg-type]


def test_runtime_errors_become_execution_error() -> None:
    with pytest.raises(errors.ExecutionError) as info:
        run(f"SELECT CAST(area_name AS INTEGER) AS n FROM {F}")
    assert not isinstance(info.value, errors.QueryTimeout)
    assert "Conversion" in info.value.message


def test_cross_join_bomb_is_interrupted_and_next_query_runs() -> None:
    guard(BOMB, fixture_schema(), 10)  # it passes the guard: only the clock can stop it
    start = time.perf_counter()
    with pytest.raises(errors.QueryTimeout) as info:
        run(BOMB, query_timeout_s=1.0)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.5, elapsed
    assert info.value.status == 408
    result = run(f"SELECT count(*) AS n FROM {F}")
    assert result.rows == [[335]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1.50"), 1.5),
        (dt.date(2021, 4, 1), "2021-04-01"),
        (dt.datetime(2021, 4, 1, 9, 30), "2021-04-01T09:30:00"),
        (float("nan"), None),
        (float("inf"), None),
        (None, None),
        (True, True),
        (7, 7),
        ("text", "text"),
        (b"\x01\xff", "01ff"),
        ({"a": 1}, '{"a": 1}'),
        ([1, 2], "[1, 2]"),
    ],
)
def test_values_become_json_safe_scalars(value: object, expected: object) -> None:
    assert to_scalar(value) == expected


def test_run_sql_ok_reports_the_sql_that_ran() -> None:
    response = run_sql(
        f"select area_name from {F} -- comment", shared_fixture_db(), fixture_schema(),
        fixture_settings(row_cap=5),
    )  # fmt: skip
    assert response.status == "ok"
    assert response.sql == f"SELECT area_name FROM {F} LIMIT 5"
    assert len(response.rows) == 5 and response.columns == ["area_name"]


def test_run_sql_never_raises_for_bad_sql() -> None:
    db, schema, settings = shared_fixture_db(), fixture_schema(), fixture_settings()
    rejected = run_sql("SELECT * FROM read_csv('/etc/passwd')", db, schema, settings)
    assert rejected.status == "rejected"
    assert rejected.reason == "function_not_allowed" and rejected.sql is None
    failed = run_sql(f"SELECT CAST(area_name AS INTEGER) FROM {F}", db, schema, settings)
    assert failed.status == "error" and failed.reason == "execution_error"
    timed_out = run_sql(BOMB, db, schema, fixture_settings(query_timeout_s=0.5))
    assert timed_out.status == "error" and timed_out.reason == "query_timeout"


def test_run_sql_refuses_differencing_of_count_columns() -> None:
    db, schema, settings = shared_fixture_db(), fixture_schema(), fixture_settings()
    diff = f"SELECT SUM(households) - SUM(fuel_poor_households) AS d FROM {F}"
    refused = run_sql(diff, db, schema, settings, count_columns=COUNT_COLUMNS)
    assert refused.status == "rejected" and refused.reason == "disclosure_risk"
    assert run_sql(diff, db, schema, settings).status == "ok"  # no count columns declared


def test_run_sql_suppresses_counts_below_the_threshold() -> None:
    # The real data has no small counts, so treat percentages as counts with threshold 14.
    settings = fixture_settings(suppression_threshold=14)
    sql = (
        f"SELECT area_name, ROUND(fuel_poor_pct) AS pct, fuel_poor_pct / 2 AS half FROM {F}"
        " WHERE area_type = 'Region' ORDER BY area_name"
    )
    response = run_sql(
        sql, shared_fixture_db(), fixture_schema(), settings, count_columns={"fuel_poor_pct"}
    )
    assert response.status == "ok"
    pcts = [row[1] for row in response.rows]
    assert None in pcts and all(p is None or float(p) >= 14 for p in pcts)
    assert all(row[2] is not None for row in response.rows)  # a ratio is not a count
    assert any("not shown" in c for c in response.caveats)


def test_run_sql_lines_one_statement_per_line() -> None:
    lines = [f"SELECT count(*) AS n FROM {F}", "", "   ", "DROP TABLE places", "SELECT 1 AS one"]
    responses = list(
        run_sql_lines(lines, shared_fixture_db(), fixture_schema(), fixture_settings())
    )
    assert [r.status for r in responses] == ["ok", "rejected", "ok"]
    assert responses[0].rows == [[335]] and responses[1].reason == "not_select"
