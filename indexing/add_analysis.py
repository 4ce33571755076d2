"""The checks `ndl add` runs on a scratch copy before anything in data/ changes.

A file is read, checked for personal data, shaped into a tidy table, loaded and its
measures inferred in an in-memory DuckDB; any failure raises a `CatalogueError` subclass.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import duckdb

from assistant.disclosure import check_not_personal
from assistant.errors import CatalogueError
from assistant.semantic import Measure
from assistant.settings import Settings
from indexing.add_catalogue_entry import complete_spec
from indexing.add_errors import UnsupportedFile
from indexing.add_metadata import Metadata
from indexing.catalogue import ColumnSpec, DatasetSpec, load_catalogue
from indexing.inference import infer_measures
from indexing.loading import load_dataset, quote_ident
from indexing.profiling import profile_table
from indexing.tidy import plan_tidy, source_sql
from indexing.tidy_plan import NoMeasure, NotATable, TidyPlan
from indexing.tidy_text import file_title
from indexing.xlsx import xlsx_to_csv

ADDED_LOAD_ORDER = 50
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
NOT_TABLES = {".zip", ".json", ".pdf", ".docx", ".ods", ".xml", ".html", ".geojson"}


def file_kind(path: Path) -> str:
    """csv, xlsx or parquet from the file name; other known formats are refused."""
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix == ".xls":
        raise UnsupportedFile("old .xls workbooks are not supported: save it as .xlsx or .csv")
    if suffix in NOT_TABLES:
        raise UnsupportedFile(f"{suffix} files are not tables: add a CSV, XLSX or Parquet file")
    return "csv"


def analyse(settings: Settings, staging: Path, path: Path, kind: str, dataset_id: str,
            original_name: str, digest: str, meta: Metadata
            ) -> tuple[DatasetSpec, TidyPlan, list[Measure], int]:
    """Everything that can fail, on a scratch copy: read, check, shape, load, infer."""
    kept, data_file, encoding = _stage(staging, path, kind, dataset_id, original_name)
    source = source_sql(data_file.name, "parquet" if kind == "parquet" else "csv", encoding)
    title = meta.title or file_title(original_name)
    with duckdb.connect() as con:
        _reference_tables(con, settings)
        plan = plan_tidy(con, source, staging / "raw", title=title, file_name=original_name)
        _check_personal(con)
        files = [f"added/{kept.name}"] + ([f"added/{data_file.name}"] if data_file != kept
                                          else [])
        spec = DatasetSpec(id=dataset_id, title=title, files=files,
                           load_order=ADDED_LOAD_ORDER, load_sql=plan.select,
                           columns=_describe_columns(plan), origin="added")
        rows, measures = _load_measures(con, spec, staging / "raw", original_name)
    spec = complete_spec(settings, spec, meta, measures, plan, rows, original_name, digest,
                         meta.title is None)
    return spec, plan, measures, rows


def _stage(staging: Path, path: Path, kind: str, dataset_id: str, original_name: str
           ) -> tuple[Path, Path, str | None]:
    """Copy the file under staging/raw/added/: the kept file, the file read, its encoding."""
    folder = staging / "raw" / "added"
    folder.mkdir(parents=True)
    suffix = Path(original_name).suffix.lower() or ".csv"
    kept = folder / f"{dataset_id}{suffix}"
    shutil.copyfile(path, kept)
    if kind == "xlsx":
        data_file = folder / f"{dataset_id}.csv"
        xlsx_to_csv(kept, data_file)
        return kept, data_file, None
    return kept, kept, _encoding(kept) if kind == "csv" else None


def _load_measures(con: duckdb.DuckDBPyConnection, spec: DatasetSpec, raw: Path,
                   original_name: str) -> tuple[int, list[Measure]]:
    """Load the shaped table and infer its measures; refuse a table nothing can answer."""
    try:
        rows = load_dataset(con, spec, raw)
    except CatalogueError as exc:
        raise NotATable(f"{original_name} could not be shaped into a table: "
                        f"{exc.message}") from exc
    if rows == 0:
        raise NotATable(f"{original_name} has no rows with values")
    measures = [m for m in infer_measures(con, spec, profile_table(con, spec.id))
                if m.column is not None]
    if not measures:
        raise NoMeasure(f"{original_name} has no numeric measure to answer questions with "
                        "(only identifiers, ranks or codes)")
    columns = {m.column for m in measures if m.column}
    non_null = con.execute(
        f"SELECT count(*) FROM {quote_ident(spec.id)} WHERE "
        + " OR ".join(f"{quote_ident(c)} IS NOT NULL" for c in columns)
    ).fetchone()
    if not non_null or not non_null[0]:
        raise NoMeasure(f"every value in {original_name}'s numeric columns is empty")
    return rows, measures


def _encoding(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise NotATable(f"{path.name} is not a text table (it holds binary data)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "latin-1"
    return None


def _check_personal(con: duckdb.DuckDBPyConnection) -> None:
    cursor = con.execute("SELECT * FROM src LIMIT 500")
    columns = [str(d[0]) for d in cursor.description or []]
    check_not_personal(columns, cursor.fetchall())


def _reference_tables(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """`places` and `place_names` for place-name matching: from the build when there is
    one, else loaded from their catalogue entries."""
    if settings.duckdb_path.exists():
        try:
            con.execute(f"ATTACH '{settings.duckdb_path}' AS built (READ_ONLY)")
            for table in ("places", "place_names"):
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM built.{table}")
            con.execute("DETACH built")
            return
        except duckdb.Error:
            with contextlib.suppress(duckdb.Error):
                con.execute("DETACH built")
    catalogue = load_catalogue(settings.data_dir, include_added=False)
    for table in ("places", "place_names"):
        spec = catalogue.dataset(table)
        if spec is not None:
            with contextlib.suppress(CatalogueError):
                load_dataset(con, spec, settings.data_dir / "raw")


def _describe_columns(plan: TidyPlan) -> list[ColumnSpec]:
    return [ColumnSpec(name=c.name, description=c.description, unit=c.unit)
            for c in plan.columns]
