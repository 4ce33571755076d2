"""Loads catalogue datasets into DuckDB tables, running each spec's tidy-shaping SELECT.

Loading runs at index time on trusted catalogue SQL (never on user input); the file is
then opened read-only for serving.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb

from assistant.disclosure import check_not_personal
from assistant.errors import CatalogueError, PersonalDataError
from indexing.catalogue import DatasetSpec

_IDENT = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def default_select(path: Path) -> str:
    """A SELECT that reads one file as published, for datasets without curated SQL."""
    literal = "'" + str(path).replace("'", "''") + "'"
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return f"SELECT * FROM read_parquet({literal})"
    if suffix in {".xlsx", ".xls"}:
        return f"SELECT * FROM read_xlsx({literal})"
    return f"SELECT * FROM read_csv({literal}, header=true, sample_size=-1)"


def dataset_select(spec: DatasetSpec, raw_dir: Path) -> str:
    if spec.load_sql:
        return spec.load_sql.format(raw=str(raw_dir))
    if len(spec.files) != 1:
        raise CatalogueError(f"{spec.id}: needs load_sql or exactly one file", dataset=spec.id)
    return default_select(raw_dir / spec.files[0])


def fingerprint(spec: DatasetSpec, raw_dir: Path) -> str:
    """Changes when the spec or any of its source files changes; drives incremental work."""
    digest = hashlib.sha256(spec.model_dump_json().encode())
    for name in spec.files:
        path = raw_dir / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_dataset(con: duckdb.DuckDBPyConnection, spec: DatasetSpec, raw_dir: Path) -> int:
    """Create (or replace) the dataset's table; returns its row count."""
    if not _IDENT.match(spec.id):
        raise CatalogueError(f"dataset id {spec.id!r} must be snake_case", dataset=spec.id)
    select = dataset_select(spec, raw_dir)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {quote_ident(spec.id)} AS {select}")
    except duckdb.Error as exc:
        raise CatalogueError(f"{spec.id}: loading failed: {exc}", dataset=spec.id) from exc
    _refuse_personal_data(con, spec.id)
    row = con.execute(f"SELECT count(*) FROM {quote_ident(spec.id)}").fetchone()
    return int(row[0]) if row else 0


def _refuse_personal_data(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Row-level personal data never enters the library: the table is dropped and refused."""
    cursor = con.execute(f"SELECT * FROM {quote_ident(table)} LIMIT 500")
    columns = [d[0] for d in cursor.description or []]
    try:
        check_not_personal(columns, cursor.fetchall())
    except PersonalDataError:
        con.execute(f"DROP TABLE {quote_ident(table)}")
        raise


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [(str(name), str(kind)) for name, kind in rows]
