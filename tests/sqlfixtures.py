"""A small real DuckDB file built from DESNZ fuel-poverty data, for the SQL safety tests.

No mocks: the guard's schema, the hardened connection and the timeouts are all tested
against a genuine database file.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path

import duckdb

from assistant.guard import Schema
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CSV_NAME = "desnz_sub_regional_fuel_poverty_2021_by_la.csv"
RAW_CSV = ROOT / "data" / "raw" / CSV_NAME
SHARED_CSV = Path("/work/shared/data") / CSV_NAME
SQL_DIR = Path(__file__).resolve().parent / "sql"
COUNT_COLUMNS = frozenset({"households", "fuel_poor_households"})


def raw_csv() -> Path:
    """The CSV under data/raw, copied verbatim from the shared data folder if missing."""
    if not RAW_CSV.exists():
        RAW_CSV.parent.mkdir(parents=True, exist_ok=True)
        partial = RAW_CSV.with_name(f".{CSV_NAME}.{os.getpid()}.part")
        shutil.copyfile(SHARED_CSV, partial)
        os.replace(partial, RAW_CSV)  # atomic: a concurrent copy of the same file is fine
    return RAW_CSV


def build_fixture_db(directory: Path) -> Path:
    """Write `fixture.duckdb` with fuel_poverty_2021, places and an internal `_semantic`."""
    path = directory / "fixture.duckdb"
    con = duckdb.connect(str(path))
    try:
        con.execute(
            """
            CREATE TABLE fuel_poverty_2021 AS
            SELECT area_code::VARCHAR AS area_code, area_name::VARCHAR AS area_name,
                   area_type::VARCHAR AS area_type, region::VARCHAR AS region,
                   number_of_households::DOUBLE AS households,
                   number_of_households_in_fuel_poverty::DOUBLE AS fuel_poor_households,
                   proportion_fuel_poor_pct::DOUBLE AS fuel_poor_pct,
                   2021::INTEGER AS year
            FROM read_csv(?, header = true)
            """,
            [str(raw_csv())],
        )
        con.execute(
            """
            CREATE TABLE places AS
            SELECT DISTINCT area_code AS code, area_name AS name, area_type AS level,
                   region AS region_name
            FROM fuel_poverty_2021
            """
        )
        con.execute(
            """
            CREATE TABLE _semantic AS
            SELECT 'fuel_poverty_2021' AS table_name, 'fuel_poor_pct' AS measure,
                   'internal metadata, never queryable' AS note
            """
        )
    finally:
        con.close()
    return path


@functools.cache
def shared_fixture_db() -> Path:
    """One fixture DB per test process, removed at exit."""
    directory = Path(tempfile.mkdtemp(prefix="ndl-sqlfixture-"))
    atexit.register(shutil.rmtree, directory, True)
    return build_fixture_db(directory)


@functools.cache
def fixture_schema() -> Schema:
    con = duckdb.connect(str(shared_fixture_db()), read_only=True)
    try:
        return Schema.from_connection(con)
    finally:
        con.close()


def fixture_settings(**overrides: object) -> Settings:
    """Settings with test-friendly limits; nothing is read from the user's ndl.toml."""
    values: dict[str, object] = {
        "row_cap": 100,
        "query_timeout_s": 2.0,
        "duckdb_memory_limit": "512MB",
        "duckdb_threads": 2,
        "suppression_threshold": 5,
        "max_sql_chars": 20000,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def golden_files(kind: str) -> list[Path]:
    return sorted((SQL_DIR / kind).glob("*.sql"))


def expected_reason(path: Path) -> str:
    """The reason named on the first line: `-- reason: <reason>`."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "-- reason:"
    assert first.startswith(prefix), f"{path.name}: first line must be '{prefix} <reason>'"
    return first[len(prefix) :].strip()
