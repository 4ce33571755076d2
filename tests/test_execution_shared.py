"""The shared query instance behind `execute`: as hardened as `connect`, follows a replaced
index file, and never blocks other connections to the same file in the process."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb
import pytest

from assistant import errors, execution
from assistant.execution import connect, execute, query_connection
from assistant.models import GuardedSQL
from tests.sqlfixtures import fixture_settings, shared_fixture_db

F = "fuel_poverty_2021"
SLOW = f"SELECT count(*) AS n FROM {F} a, {F} b, {F} c, {F} d"


def _sql(sql: str) -> GuardedSQL:
    return GuardedSQL(sql=sql, tables=(), limit=1000)


def _database(path: Path, value: int) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute(f"CREATE TABLE t AS SELECT {value} AS v")
    return path


@pytest.mark.parametrize(
    "sql",
    [
        "SET memory_limit = '64GB'",
        "SET enable_external_access = true",
        "SELECT * FROM read_csv('/etc/passwd')",
        "CREATE TABLE x AS SELECT 1",
        "ATTACH '/tmp/ndl-should-not-exist.duckdb' AS x",
        "ATTACH ':memory:' AS scratch",
        f"DETACH {execution.STUB}",
        "INSTALL httpfs",
        "LOAD httpfs",
    ],
)
def test_query_connection_is_hardened_even_for_unguarded_sql(sql: str) -> None:
    with (
        query_connection(shared_fixture_db(), fixture_settings()) as con,
        pytest.raises(duckdb.Error),
    ):
        con.execute(sql)


def test_query_connection_settings_and_catalogue() -> None:
    with query_connection(shared_fixture_db(), fixture_settings(duckdb_threads=1)) as con:
        row = con.execute(
            "SELECT current_setting('threads'), current_setting('enable_external_access'),"
            " current_setting('lock_configuration'), current_setting('access_mode')"
        ).fetchone()
        databases = con.execute("SELECT database_name, readonly FROM duckdb_databases()")
        names = {(str(name), bool(ro)) for name, ro in databases.fetchall()}
    assert row == (1, False, True, "read_only")
    assert names == {(shared_fixture_db().stem, True), ("system", False), ("temp", False)}


def test_other_connections_to_the_file_still_open() -> None:
    """A plain read-only connect (index reload, `ndl add`) and `connect` both still work."""
    db = shared_fixture_db()
    with query_connection(db, fixture_settings()) as con:
        with duckdb.connect(str(db), read_only=True) as plain:
            assert plain.execute(f"SELECT count(*) FROM {F}").fetchone() == (335,)
        hardened = connect(db, fixture_settings())
        hardened.close()
        assert con.execute(f"SELECT count(*) FROM {F}").fetchone() == (335,)


def test_a_replaced_file_is_read_and_the_old_instance_closed(tmp_path: Path) -> None:
    db = _database(tmp_path / "index.duckdb", 1)
    settings = fixture_settings()
    assert execute(_sql("SELECT v FROM t"), db, settings).rows == [[1]]
    old = next(s for k, s in execution._SHARED.items() if k[0] == str(db))
    os.replace(_database(tmp_path / "index.building", 2), db)
    assert execute(_sql("SELECT v FROM t"), db, settings).rows == [[2]]
    assert old.retired
    with pytest.raises(duckdb.Error):  # closed: the old file is no longer held open
        old.con.execute("SELECT 1")


def test_close_stale_releases_a_replaced_file_without_a_query(tmp_path: Path) -> None:
    """What the API's index reload calls: the old file is not held until the next query."""
    db = _database(tmp_path / "index.duckdb", 1)
    execute(_sql("SELECT v FROM t"), db, fixture_settings())
    old = next(s for k, s in execution._SHARED.items() if k[0] == str(db))
    execution.close_stale()
    assert not old.retired  # unchanged file: kept
    os.replace(_database(tmp_path / "index.building", 2), db)
    execution.close_stale()
    assert old.retired and all(s is not old for s in execution._SHARED.values())


def test_missing_file_is_index_not_built(tmp_path: Path) -> None:
    with pytest.raises(errors.IndexNotBuilt):
        execute(_sql("SELECT 1"), tmp_path / "absent.duckdb", fixture_settings())


def test_concurrent_queries_and_a_timeout_do_not_disturb_each_other() -> None:
    """One query interrupted by its clock leaves the others (and the instance) working."""
    db, failures = shared_fixture_db(), []

    def quick() -> None:
        for _ in range(20):
            try:
                rows = execute(_sql(f"SELECT count(*) AS n FROM {F}"), db, fixture_settings())
                assert rows.rows == [[335]]
            except Exception as exc:  # collected: pytest cannot see thread failures
                failures.append(exc)

    def slow() -> None:
        try:
            execute(_sql(SLOW), db, fixture_settings(query_timeout_s=0.5))
        except errors.QueryTimeout:
            return
        failures.append(AssertionError("the slow query was not stopped"))

    threads = [threading.Thread(target=quick) for _ in range(4)] + [threading.Thread(target=slow)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert execute(_sql(f"SELECT count(*) AS n FROM {F}"), db, fixture_settings()).rows == [[335]]
