"""Run guarded SQL on a read-only, locked-down DuckDB connection, with a wall clock.

The guard decides what may run; this module limits what a run can do if the guard is
ever wrong: no file, network or extension access, bounded memory and threads, a
configuration nobody can change afterwards, a timeout and a row cap.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

import duckdb

from assistant.errors import ExecutionError, IndexNotBuilt, QueryTimeout
from assistant.models import GuardedSQL, Result, Scalar
from assistant.settings import Settings


def _config(settings: Settings) -> dict[str, str | bool | int | float | list[str]]:
    return {
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "allow_unsigned_extensions": False,
        "python_enable_replacements": False,
        "temp_directory": "",  # no spilling to disk: a big query fails instead
        "memory_limit": settings.duckdb_memory_limit,
        "threads": settings.duckdb_threads,
    }


def connect(db_path: Path, settings: Settings) -> duckdb.DuckDBPyConnection:
    """Open `db_path` read-only, hardened, and lock the configuration."""
    if not db_path.is_file():
        raise IndexNotBuilt(f"no database at {db_path}; run `ndl index`", path=str(db_path))
    try:
        con = duckdb.connect(str(db_path), read_only=True, config=_config(settings))
    except duckdb.Error as err:
        raise ExecutionError(f"could not open the database: {err}") from err
    try:
        con.execute("SET lock_configuration = true")
    except duckdb.Error as err:
        # one DuckDB instance per file per process: a concurrent request may have locked it
        row = con.execute("SELECT current_setting('lock_configuration')").fetchone()
        if not (row and row[0]):
            con.close()
            raise ExecutionError(f"could not lock the configuration: {err}") from err
    return con


def execute(guarded: GuardedSQL, db_path: Path, settings: Settings) -> Result:
    """Run one guarded query within the time limit and return at most `row_cap` rows."""
    if not isinstance(guarded, GuardedSQL):  # only guard() makes these
        raise TypeError("execute() takes a GuardedSQL from guard(), not raw SQL")
    cap = min(settings.row_cap, guarded.limit)
    con = connect(db_path, settings)
    fired = threading.Event()

    def _interrupt() -> None:
        fired.set()
        with contextlib.suppress(duckdb.Error):  # the query may have just finished
            con.interrupt()

    timer = threading.Timer(settings.query_timeout_s, _interrupt)
    start = time.perf_counter()
    timer.start()
    try:
        cursor = con.execute(guarded.sql)
        columns = [str(d[0]) for d in cursor.description or []]
        raw = cursor.fetchmany(cap + 1)
    except duckdb.Error as err:
        if fired.is_set() or isinstance(err, duckdb.InterruptException):
            raise QueryTimeout(
                f"the query took longer than {settings.query_timeout_s:g} s and was stopped",
                timeout_s=settings.query_timeout_s,
            ) from err
        raise ExecutionError(_message(err)) from err
    finally:
        timer.cancel()
        con.close()
    elapsed_ms = (time.perf_counter() - start) * 1000
    rows = [[to_scalar(v) for v in row] for row in raw[:cap]]
    return Result(
        columns=columns, rows=rows, truncated=len(raw) > cap, elapsed_ms=round(elapsed_ms, 2)
    )


def _message(err: duckdb.Error) -> str:
    """DuckDB's first line, which names the problem without dumping the query."""
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:300]


def to_scalar(value: object) -> Scalar:
    """JSON-safe scalar: Decimal to float, dates to ISO text, NaN/inf to None."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return to_scalar(float(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return json.dumps(value, default=str, sort_keys=True)
