"""Run guarded SQL on a read-only, locked-down DuckDB connection, with a wall clock.

The guard decides what may run; this module limits what a run can do if the guard is
ever wrong: no file, network or extension access, bounded memory and threads, a
configuration nobody can change afterwards, a timeout and a row cap.

Opening the database costs ~10 ms (its catalogue is read), so `execute` keeps one hardened
instance per version of the file per process and runs each query on a fresh cursor of it
(microseconds); a replaced file (`ndl index`, `ndl add`) gets a new instance and the old
one is closed once its last query ends.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
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


STUB = "_ndl_stub"  # the empty database a shared instance is opened on, then detached
Identity = tuple[int, int, int, int]  # device, inode, mtime, size of the file


def open_shared(db_path: Path, settings: Settings) -> duckdb.DuckDBPyConnection:
    """A hardened instance of its own that has `db_path` attached read-only, and nothing else.

    Opening `db_path` itself would register it in DuckDB's per-process instance cache while
    we hold it, and every other `duckdb.connect(path, read_only=True)` in the process (index
    reload, `ndl add`) would fail with "different configuration". An in-memory instance
    would accept `ATTACH ':memory:'`, a writable database. So the instance is opened
    read-only on an empty stub file, attaches the index read-only and detaches the stub;
    then external access is disabled and the configuration locked, as `connect` does.
    """
    config = {k: v for k, v in _config(settings).items() if k != "enable_external_access"}
    path = str(db_path).replace("'", "''")
    alias = db_path.stem.replace('"', '""')
    with tempfile.TemporaryDirectory(prefix="ndl-duckdb-") as tmp:
        stub = Path(tmp) / f"{STUB}.duckdb"
        duckdb.connect(str(stub)).close()
        con = duckdb.connect(str(stub), read_only=True, config=config)
        try:
            con.execute(f"ATTACH '{path}' AS \"{alias}\" (READ_ONLY)")
            con.execute(f'USE "{alias}"')
            con.execute(f"DETACH {STUB}")
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
        except duckdb.Error as err:
            con.close()
            raise ExecutionError(f"could not open the database: {err}") from err
    return con


@dataclass
class _Shared:
    """One version of one database file, opened once, and how many queries are using it."""

    identity: Identity
    con: duckdb.DuckDBPyConnection
    pid: int
    users: int = 0
    retired: bool = False


_SHARED: dict[tuple[str, str, int], _Shared] = {}
_SHARED_LOCK = threading.Lock()
MAX_SHARED = 4  # databases kept open per process (tests open many small ones)


def _identity(db_path: Path) -> Identity:
    try:
        st = db_path.stat()
    except OSError:
        st = None
    if st is None or not db_path.is_file():
        raise IndexNotBuilt(f"no database at {db_path}; run `ndl index`", path=str(db_path))
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size


def _retire(shared: _Shared) -> None:
    """Close now if idle, else when its last query ends (called with the lock held)."""
    shared.retired = True
    if shared.users == 0:
        shared.con.close()


def _checkout(db_path: Path, settings: Settings) -> tuple[_Shared, duckdb.DuckDBPyConnection]:
    """A fresh cursor on the shared instance for the file as it is now."""
    identity = _identity(db_path)
    key = (str(db_path.absolute()), settings.duckdb_memory_limit, settings.duckdb_threads)
    with _SHARED_LOCK:
        shared = _SHARED.pop(key, None)
        if shared is not None and shared.pid != os.getpid():
            shared = None  # inherited through fork: never touch it
        if shared is None or shared.identity != identity:
            if shared is not None:
                _retire(shared)
            shared = _Shared(identity, open_shared(db_path, settings), os.getpid())
        _SHARED[key] = shared  # most recently used last
        while len(_SHARED) > MAX_SHARED:
            _retire(_SHARED.pop(next(iter(_SHARED))))
        cursor = shared.con.cursor()
        shared.users += 1
    return shared, cursor


def close_stale() -> None:
    """Retire instances whose file has been replaced or removed since they were opened, so
    an index reload does not keep the old file open until the next query."""
    with _SHARED_LOCK:
        for key, shared in list(_SHARED.items()):
            try:
                current: Identity | None = _identity(Path(key[0]))
            except IndexNotBuilt:
                current = None
            if shared.pid == os.getpid() and current != shared.identity:
                _retire(_SHARED.pop(key))


@contextlib.contextmanager
def query_connection(db_path: Path, settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """A hardened connection for one query, closed afterwards (so an interrupted or failed
    query leaves nothing behind); the database instance under it is shared."""
    shared, cursor = _checkout(db_path, settings)
    try:
        yield cursor
    finally:
        with contextlib.suppress(duckdb.Error):
            cursor.close()
        with _SHARED_LOCK:
            shared.users -= 1
            if shared.retired and shared.users == 0:
                shared.con.close()


def execute(guarded: GuardedSQL, db_path: Path, settings: Settings) -> Result:
    """Run one guarded query within the time limit and return at most `row_cap` rows."""
    if not isinstance(guarded, GuardedSQL):  # only guard() makes these
        raise TypeError("execute() takes a GuardedSQL from guard(), not raw SQL")
    cap = min(settings.row_cap, guarded.limit)
    with query_connection(db_path, settings) as con:
        start = time.perf_counter()
        columns, raw = _run(con, guarded.sql, cap, settings.query_timeout_s)
    elapsed_ms = (time.perf_counter() - start) * 1000
    rows = [[to_scalar(v) for v in row] for row in raw[:cap]]
    return Result(
        columns=columns, rows=rows, truncated=len(raw) > cap, elapsed_ms=round(elapsed_ms, 2)
    )


def _run(
    con: duckdb.DuckDBPyConnection, sql: str, cap: int, timeout_s: float
) -> tuple[list[str], list[tuple[object, ...]]]:
    """Columns and up to `cap + 1` rows, or QueryTimeout once `timeout_s` has passed."""
    fired = threading.Event()

    def _interrupt() -> None:
        fired.set()
        with contextlib.suppress(duckdb.Error):  # the query may have just finished
            con.interrupt()

    timer = threading.Timer(timeout_s, _interrupt)
    timer.start()
    try:
        cursor = con.execute(sql)
        columns = [str(d[0]) for d in cursor.description or []]
        return columns, cursor.fetchmany(cap + 1)
    except duckdb.Error as err:
        if fired.is_set() or isinstance(err, duckdb.InterruptException):
            raise QueryTimeout(
                f"the query took longer than {timeout_s:g} s and was stopped",
                timeout_s=timeout_s,
            ) from err
        raise ExecutionError(_message(err)) from err
    finally:
        timer.cancel()


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
