"""`ndl add` / `ndl remove`: make any aggregated table askable with one command.

`add_dataset` takes a CSV, XLSX or Parquet file (or a CKAN resource URL), checks it, shapes
it into a tidy table (`indexing/tidy.py`), infers its semantic layer exactly as `ndl index`
does, then copies the file to `data/raw/added/`, writes `data/catalogue/added/<id>.yaml` and
rebuilds the index through `build_index` (only the new documents are embedded). Every check
runs on a scratch copy first, so a bad file changes nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, ClassVar
from xml.etree import ElementTree

import duckdb
import yaml
from pydantic import BaseModel, Field

from assistant.disclosure import check_not_personal
from assistant.errors import CatalogueError, NotFound
from assistant.semantic import Measure
from assistant.settings import Settings
from indexing.catalogue import (
    ColumnSpec,
    DatasetSpec,
    added_dir,
    load_catalogue,
    load_dataset_spec,
)
from indexing.inference import infer_measures
from indexing.loading import load_dataset, quote_ident
from indexing.profiling import profile_table
from indexing.tidy import NoMeasure, NotATable, TidyPlan, file_title, plan_tidy, source_sql

Progress = Callable[[str], None]
ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
RESERVED = {"places", "place_names", "src", "shaped"}
ADDED_LOAD_ORDER = 50
CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
META_FIELDS = ("title", "description", "publisher", "licence", "url", "collection")
UNCURATED_CAVEAT = ("Added with `ndl add` and not curated: its roles, units and labels were "
                    "inferred from the file.")


class DuplicateDataset(CatalogueError):
    """The id is taken (by a curated dataset, or by a different added file)."""

    code = "duplicate_dataset"
    status = 409


class FileTooLarge(CatalogueError):
    code = "file_too_large"
    status = 413


class UnsupportedFile(CatalogueError):
    code = "unsupported_file"
    status = 415


class SourceUnavailable(CatalogueError):
    """A URL could not be downloaded (offline, not found, not a CKAN resource)."""

    code = "source_unavailable"
    status: ClassVar[int] = 400


class Metadata(BaseModel):
    """What the caller says about the dataset; anything left out is inferred or marked."""

    id: str | None = None
    title: str | None = None
    description: str | None = None
    publisher: str | None = None
    licence: str | None = None
    url: str | None = None
    collection: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)  # CKAN/--meta fields kept as is

    def merged(self, other: Metadata) -> Metadata:
        """Fields of self win; other fills the gaps."""
        values = {k: getattr(self, k) or getattr(other, k) for k in ("id", *META_FIELDS)}
        return Metadata(**values, extra={**other.extra, **self.extra})


class MeasureReport(BaseModel):
    id: str
    label: str
    column: str | None
    filters: dict[str, str] = Field(default_factory=dict)
    unit: str | None
    kind: str
    additive: bool
    periods: list[str] = Field(default_factory=list)


class DimensionReport(BaseModel):
    column: str
    values: list[str]
    default: str | None = None


class AddReport(BaseModel):
    """What `ndl add` did and what it inferred; also the body of POST /v1/datasets."""

    id: str
    title: str
    status: str  # added | replaced | unchanged
    rows: int
    shape: str
    columns: list[dict[str, str | None]]
    measures: list[MeasureReport]
    dimensions: list[DimensionReport]
    time_column: str | None = None
    period_column: str | None = None
    grain: str | None = None
    first_period: str | None = None
    last_period: str | None = None
    geography_column: str | None = None
    geography: str | None = None
    geo_levels: list[str] = Field(default_factory=list)
    area_count: int = 0
    inferred: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)
    catalogue_file: str = ""
    indexed: bool = False
    seconds: float = 0.0


class RemoveReport(BaseModel):
    id: str
    removed_files: list[str]
    indexed: bool
    seconds: float


# --------------------------------------------------------------------------- helpers


@contextlib.contextmanager
def _locked(settings: Settings) -> Iterator[None]:
    """One add/remove at a time across processes (CLI and server alike)."""
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    with (settings.build_dir / ".ndl-add.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def slug_id(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", Path(text).stem.lower()).strip("_") or "dataset"
    if not slug[0].isalpha():
        slug = "d_" + slug
    return slug[:60].rstrip("_")


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_meta(path: Path) -> Metadata:
    """--meta FILE.json|yaml: our field names, or the common CKAN / DCAT / ONS ones."""
    try:
        raw = (json.loads(path.read_text(encoding="utf-8")) if path.suffix.lower() == ".json"
               else yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise CatalogueError(f"--meta {path.name} could not be read: {exc}") from exc
    if not isinstance(raw, dict):
        raise CatalogueError(f"--meta {path.name} must hold a mapping of fields")
    return meta_from_mapping(raw)


def _pick(raw: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = raw.get(key)
        if isinstance(value, dict):
            value = value.get("title") or value.get("name")
        if value not in (None, ""):
            return str(value).strip()
    return None


def meta_from_mapping(raw: dict[str, Any]) -> Metadata:
    nested = raw.get("ess-beta-metadata")
    if isinstance(nested, dict):  # ONS Explore Local Statistics metadata.json
        shared = nested.get("shared")
        base: dict[str, Any] = shared if isinstance(shared, dict) else {}
        raw = {**base, **{k: v for k, v in nested.items() if not isinstance(v, dict)}, **raw}
    return Metadata(
        id=_pick(raw, "id") if isinstance(raw.get("id"), str) and ID_RE.match(raw["id"])
        else None,
        title=_pick(raw, "title", "label"),
        description=_pick(raw, "description", "notes", "longDescription", "subtitle",
                          "abstract"),
        publisher=_pick(raw, "publisher", "organization", "sourceOrg", "maintainer"),
        licence=_pick(raw, "licence", "license", "license_title", "license_id"),
        url=_pick(raw, "url", "source_url", "source", "sourceURL", "landingPage"),
        collection=_pick(raw, "collection"),
        extra={k: v for k, v in raw.items() if k in {"caveats", "updated", "sourceDate"}},
    )


# --------------------------------------------------------------------------- fetching


CKAN_RESOURCE = re.compile(
    r"^(?P<base>https?://[^?#]+?)/dataset/(?P<pkg>[^/?#]+)/resource/(?P<res>[^/?#]+)")


def fetch_url(url: str, dest: Path, max_bytes: int, timeout: float = 30.0
              ) -> tuple[Path, Metadata]:
    """Download a file, or a CKAN resource (…/dataset/<pkg>/resource/<id>) with its
    package's title, publisher and licence. Fails cleanly when offline."""
    import httpx

    meta = Metadata()
    try:
        with httpx.Client(follow_redirects=True, timeout=timeout) as client:
            download, name = url, Path(url.split("?")[0]).name
            if m := CKAN_RESOURCE.match(url):
                api = f"{m.group('base')}/api/3/action"
                res = client.get(f"{api}/resource_show", params={"id": m.group("res")})
                res.raise_for_status()
                resource = res.json()["result"]
                pkg = client.get(f"{api}/package_show", params={"id": m.group("pkg")})
                package = pkg.json().get("result", {}) if pkg.status_code == 200 else {}
                download = str(resource["url"])
                fmt = str(resource.get("format") or "").lower()
                name = Path(download.split("?")[0]).name or f"{m.group('res')}.{fmt or 'csv'}"
                if fmt in {"csv", "xlsx", "parquet"} and not name.lower().endswith(fmt):
                    name = f"{Path(name).stem or m.group('res')}.{fmt}"
                meta = meta_from_mapping({
                    "title": package.get("title") or resource.get("name"),
                    "description": package.get("notes") or resource.get("description"),
                    "organization": package.get("organization"),
                    "license_title": package.get("license_title") or package.get("license_id"),
                    "url": package.get("url") or url,
                })
            target = dest / (name or "download.csv")
            size = 0
            with client.stream("GET", download) as response:
                response.raise_for_status()
                with target.open("wb") as handle:
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise FileTooLarge(
                                f"the download is larger than {max_bytes // 2**20} MB",
                                max_bytes=max_bytes)
                        handle.write(chunk)
    except (httpx.HTTPError, KeyError, ValueError) as exc:
        raise SourceUnavailable(
            f"could not download {url}: {exc.__class__.__name__}: {exc} "
            "(offline, or not a file or CKAN resource URL?)", url=url) from exc
    return target, meta


# --------------------------------------------------------------------------- XLSX


def xlsx_rows(path: Path) -> list[list[str]]:
    """The first non-empty sheet as text rows: openpyxl when installed, else a small reader
    of the Office Open XML cells (shared strings, inline strings, numbers, dates)."""
    try:
        import openpyxl
    except ImportError:
        return _xlsx_rows_stdlib(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds
        raise NotATable(f"{path.name} could not be read as a workbook: {exc}") from exc
    for sheet in book.worksheets:
        rows = [["" if v is None else _cell_text(v) for v in row]
                for row in sheet.iter_rows(values_only=True)]
        rows = [r for r in rows if any(c.strip() for c in r)]
        if rows:
            return rows
    return []


def _cell_text(value: object) -> str:
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return str(text)[:10] if str(text).endswith("T00:00:00") else str(text)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_DATE_FORMATS = set(range(14, 23)) | {45, 46, 47}


def _col_index(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref)
    n = 0
    for ch in letters.group(0) if letters else "A":
        n = n * 26 + ord(ch) - 64
    return n - 1


def _xlsx_rows_stdlib(path: Path) -> list[list[str]]:
    from datetime import datetime, timedelta

    try:
        book = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise NotATable(f"{path.name} is not an .xlsx workbook") from exc
    with book:
        names = set(book.namelist())
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t"))
                      for si in root.findall("m:si", _NS)]
        date_styles: set[int] = set()
        if "xl/styles.xml" in names:
            styles = ElementTree.fromstring(book.read("xl/styles.xml"))
            custom = {int(f.get("numFmtId", "0")) for f in styles.iter(f"{{{_NS['m']}}}numFmt")
                      if re.search(r"[dy]", (f.get("formatCode") or "").lower().split(";")[0])
                      and "[h]" not in (f.get("formatCode") or "")}
            xfs = styles.find("m:cellXfs", _NS)
            for i, xf in enumerate(xfs.findall("m:xf", _NS) if xfs is not None else []):
                fmt = int(xf.get("numFmtId", "0"))
                if fmt in _DATE_FORMATS or fmt in custom:
                    date_styles.add(i)
        sheets = sorted(n for n in names if re.match(r"xl/worksheets/sheet\d+\.xml$", n))
        sheets.sort(key=lambda n: int(re.findall(r"\d+", n)[-1]))
        for sheet in sheets:
            rows = []
            for row in ElementTree.fromstring(book.read(sheet)).iter(f"{{{_NS['m']}}}row"):
                cells: dict[int, str] = {}
                for c in row.findall("m:c", _NS):
                    kind, style = c.get("t"), int(c.get("s", "0"))
                    v = c.find("m:v", _NS)
                    text = v.text if v is not None and v.text is not None else ""
                    if kind == "s" and text:
                        text = shared[int(text)]
                    elif kind == "inlineStr":
                        text = "".join(t.text or "" for t in c.iter(f"{{{_NS['m']}}}t"))
                    elif kind == "b":
                        text = "TRUE" if text == "1" else "FALSE"
                    elif kind in (None, "n") and text and style in date_styles:
                        when = datetime(1899, 12, 30) + timedelta(days=float(text))
                        text = when.date().isoformat() if when.time() == datetime.min.time() \
                            else when.isoformat()
                    elif kind in (None, "n") and text:
                        number = float(text)
                        text = str(int(number)) if number.is_integer() else repr(number)
                    cells[_col_index(c.get("r", "A"))] = text
                if cells:
                    rows.append([cells.get(i, "") for i in range(max(cells) + 1)])
            rows = [r for r in rows if any(c.strip() for c in r)]
            if rows:
                width = max(len(r) for r in rows)
                return [r + [""] * (width - len(r)) for r in rows]
    return []


def _xlsx_to_csv(path: Path, target: Path) -> None:
    import csv

    rows = xlsx_rows(path)
    if len(rows) < 2:
        raise NotATable(f"{path.name} has no sheet with a header and rows")
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


# --------------------------------------------------------------------------- checks


def _file_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix == ".xls":
        raise UnsupportedFile("old .xls workbooks are not supported: save it as .xlsx or .csv")
    if suffix in {".zip", ".json", ".pdf", ".docx", ".ods", ".xml", ".html", ".geojson"}:
        raise UnsupportedFile(f"{suffix} files are not tables: add a CSV, XLSX or Parquet file")
    return "csv"


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


# --------------------------------------------------------------------------- metadata


def _infer_collection(settings: Settings, text: str) -> str | None:
    """The closest curated collection by embedding similarity (None if nothing is close)."""
    catalogue = load_catalogue(settings.data_dir, include_added=False)
    if not catalogue.collections:
        return None
    try:
        from indexing.embedding import get_embedder

        embedder = get_embedder(settings.embedding_model)
        vectors = embedder.embed([text] + [f"{c.title}. {c.description}"
                                           for c in catalogue.collections])
    except Exception:  # no model available: leave it uncategorised
        return None
    query = vectors[0]
    scores = sorted(((sum(a * b for a, b in zip(query, v, strict=True)), c.id)
                     for v, c in zip(vectors[1:], catalogue.collections, strict=True)),
                    reverse=True)
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    best, collection = scores[0]
    # only a clear winner: a dataset between two themes stays uncategorised
    return collection if best >= 0.4 and best - runner_up >= 0.1 else None


def _coverage(measures: list[Measure]) -> str | None:
    periods = sorted({(p.year, p.label) for m in measures for p in m.periods})
    if not periods:
        return None
    return periods[0][1] if len(periods) == 1 else f"{periods[0][1]} to {periods[-1][1]}"


def _levels(measures: list[Measure]) -> str | None:
    levels = sorted({lv.replace("_", " ") for m in measures for lv in m.geo_levels})
    return ", ".join(levels).capitalize() if levels else None


def _describe_columns(plan: TidyPlan) -> list[ColumnSpec]:
    return [ColumnSpec(name=c.name, description=c.description, unit=c.unit)
            for c in plan.columns]


# --------------------------------------------------------------------------- YAML


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def spec_yaml(spec: DatasetSpec) -> str:
    body = spec.model_dump(exclude_none=True)
    body.pop("origin", None)
    for key in ("examples", "measures", "synonyms"):
        if not body.get(key):
            body.pop(key, None)
    body["columns"] = [{k: v for k, v in c.items() if v not in (None, "")}
                       for c in body["columns"]]
    head = ("# Written by `ndl add` (not curated). Edit titles, descriptions, units or add\n"
            "# `measures:` refinements as for data/catalogue/datasets/*.yaml; `ndl remove "
            f"{spec.id}` takes it out.\n")
    return head + yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                            width=100)


# --------------------------------------------------------------------------- reports


def _report(spec: DatasetSpec, plan: TidyPlan | None, measures: list[Measure], rows: int,
            status: str) -> AddReport:
    first = measures[0] if measures else None
    dims: dict[str, DimensionReport] = {}
    for m in measures:
        for d in m.dimensions:
            dims.setdefault(d.column, DimensionReport(column=d.column, values=d.values[:20],
                                                      default=d.default))
    labels = sorted({(p.year, p.label) for m in measures for p in m.periods})
    return AddReport(
        id=spec.id, title=spec.title, status=status, rows=rows,
        shape=plan.shape if plan else "",
        columns=[{"name": c.name, "description": c.description, "unit": c.unit}
                 for c in spec.columns],
        measures=[MeasureReport(id=m.id, label=m.label, column=m.column, filters=m.filters,
                                unit=m.unit, kind=m.kind, additive=m.additive,
                                periods=[p.label for p in m.periods][-3:])
                  for m in measures],
        dimensions=list(dims.values()),
        time_column=first.time_column if first else None,
        period_column=first.period_column if first else None,
        grain=plan.grain if plan else None,
        first_period=labels[0][1] if labels else None,
        last_period=labels[-1][1] if labels else None,
        geography_column=first.geo_column if first else None,
        geography=plan.geography if plan else None,
        geo_levels=sorted({lv for m in measures for lv in m.geo_levels}),
        area_count=max((m.area_count for m in measures), default=0),
        inferred=spec.inferred, missing=spec.missing, notes=plan.notes if plan else [],
        files=[f"data/raw/{f}" for f in spec.files],
        catalogue_file=f"data/catalogue/added/{spec.id}.yaml",
    )


def built_measures(settings: Settings, dataset_id: str) -> tuple[list[Measure], int]:
    """The measures of one dataset as the built index holds them (and its row count)."""
    from assistant.resources import load_layer

    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        layer = load_layer(con)
        info = layer.datasets.get(dataset_id)
        return layer.measures_of(dataset_id), info.rows if info else 0


def describe(report: AddReport) -> str:
    """What `ndl add` prints: the inferred schema in plain words."""
    lines = [f"{report.status.capitalize()} {report.id}: {report.title} ({report.rows} rows, "
             f"{report.shape} file)"]
    if report.time_column:
        lines.append(f"  time: {report.time_column} (label {report.period_column or '-'}), "
                     f"grain {report.grain or 'unknown'}, {report.first_period} to "
                     f"{report.last_period}")
    else:
        lines.append("  time: none found")
    if report.geography_column:
        lines.append(f"  geography: {report.geography_column} from {report.geography}; "
                     f"{report.area_count} areas; levels "
                     f"{', '.join(report.geo_levels) or 'unknown'}")
    else:
        lines.append("  geography: none found")
    lines.append(f"  measures ({len(report.measures)}):")
    for m in report.measures[:25]:
        lines.append(f"    - {m.label} [{m.unit or 'no unit'}; {m.kind}"
                     f"{'; additive' if m.additive else ''}] ({m.id})")
    if len(report.measures) > 25:
        lines.append(f"    … and {len(report.measures) - 25} more")
    for d in report.dimensions:
        shown = ", ".join(d.values[:8]) + (" …" if len(d.values) > 8 else "")
        lines.append(f"  dimension {d.column}: {shown}"
                     + (f" (total: {d.default})" if d.default else ""))
    if report.inferred:
        lines.append(f"  inferred metadata: {', '.join(report.inferred)}")
    if report.missing:
        lines.append(f"  missing metadata: {', '.join(report.missing)} "
                     f"(edit {report.catalogue_file})")
    lines += [f"  note: {n}" for n in report.notes]
    if not report.indexed:
        lines.append("  not indexed yet: run `ndl index`")
    return "\n".join(lines)


# --------------------------------------------------------------------------- add


def _curated_ids(settings: Settings) -> set[str]:
    folder = settings.data_dir / "catalogue" / "datasets"
    return {load_dataset_spec(p).id for p in folder.glob("*.yaml")}


def _existing(settings: Settings, dataset_id: str) -> DatasetSpec | None:
    path = added_dir(settings.data_dir) / f"{dataset_id}.yaml"
    return load_dataset_spec(path) if path.exists() else None


def _same_request(spec: DatasetSpec, meta: Metadata) -> bool:
    given = {"title": spec.title, "description": spec.description, "publisher": spec.publisher,
             "licence": spec.licence, "url": spec.source_url, "collection": spec.collection}
    return all(getattr(meta, k) in (None, given[k]) for k in given)


def _index(settings: Settings, say: Progress) -> None:
    from indexing.build import build_index

    build_index(settings, say=say)


def add_dataset(settings: Settings, source: str | Path, meta: Metadata | None = None, *,
                replace: bool = False, rebuild: bool = True, original_name: str | None = None,
                say: Progress = lambda _: None) -> AddReport:
    """Add one file (or URL) as a dataset; see the module docstring. Raises a
    `CatalogueError` subclass, changing nothing, when the file cannot be added."""
    started = time.perf_counter()
    meta = meta or Metadata()
    with tempfile.TemporaryDirectory(prefix="ndl-add-") as tmp, _locked(settings):
        staging = Path(tmp)
        limit = settings.max_upload_mb * 2**20
        if isinstance(source, str) and re.match(r"^https?://", source):
            path, fetched = fetch_url(source, staging, limit)
            meta = meta.merged(fetched)
            original_name = original_name or path.name
        else:
            path = Path(source)
            if not path.is_file():
                raise NotFound(f"no such file: {source}", path=str(source))
        original_name = Path(original_name or path.name).name
        size = path.stat().st_size
        if size > limit:
            raise FileTooLarge(f"{original_name} is {size / 2**20:.1f} MB; the limit is "
                               f"{settings.max_upload_mb} MB (NDL_MAX_UPLOAD_MB)",
                               size=size, max_bytes=limit)
        if size == 0:
            raise NotATable(f"{original_name} is empty")
        kind = _file_kind(Path(original_name))
        dataset_id = meta.id or slug_id(original_name)
        if not ID_RE.match(dataset_id) or dataset_id.startswith("_ndl") \
                or dataset_id in RESERVED:
            raise CatalogueError(f"dataset id {dataset_id!r} must be snake_case (a-z, 0-9, _), "
                                 "start with a letter and not be a reserved name",
                                 dataset=dataset_id)
        if dataset_id in _curated_ids(settings):
            raise DuplicateDataset(f"{dataset_id!r} is a curated dataset; choose another --id",
                                   dataset=dataset_id)
        digest = _digest(path)
        existing = _existing(settings, dataset_id)
        if existing is not None:
            if existing.sha256 == digest and _same_request(existing, meta):
                return _unchanged(settings, existing, rebuild, started, say)
            if not replace:
                raise DuplicateDataset(
                    f"a different dataset with id {dataset_id!r} was already added; use "
                    "--replace to replace it, or another --id", dataset=dataset_id)
        spec, plan, measures, rows = _analyse(settings, staging, path, kind, dataset_id,
                                              original_name, digest, meta)
        files = _commit(settings, staging, spec, existing)
        status = "replaced" if existing else "added"
        report = _report(spec, plan, measures, rows, status)
        if rebuild:
            try:
                _index(settings, say)
            except Exception:
                _rollback(settings, staging, files, existing, say)
                raise
            measures, rows = built_measures(settings, dataset_id)
            report = _report(spec, plan, measures, rows, status)
            report.indexed = True
        report.seconds = round(time.perf_counter() - started, 2)
        return report


def _unchanged(settings: Settings, spec: DatasetSpec, rebuild: bool, started: float,
               say: Progress) -> AddReport:
    indexed = False
    if rebuild:
        try:
            measures, rows = built_measures(settings, spec.id)
        except duckdb.Error:
            measures, rows = [], 0
        if not measures:
            _index(settings, say)
            measures, rows = built_measures(settings, spec.id)
        indexed = True
    else:
        measures, rows = [], 0
    report = _report(spec, None, measures, rows, "unchanged")
    report.indexed = indexed
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _analyse(settings: Settings, staging: Path, path: Path, kind: str, dataset_id: str,
             original_name: str, digest: str, meta: Metadata
             ) -> tuple[DatasetSpec, TidyPlan, list[Measure], int]:
    """Everything that can fail, on a scratch copy: read, check, shape, load, infer."""
    folder = staging / "raw" / "added"
    folder.mkdir(parents=True)
    suffix = Path(original_name).suffix.lower() or ".csv"
    kept = folder / f"{dataset_id}{suffix}"
    shutil.copyfile(path, kept)
    data_file = kept
    encoding = None
    if kind == "xlsx":
        data_file = folder / f"{dataset_id}.csv"
        _xlsx_to_csv(kept, data_file)
    elif kind == "csv":
        encoding = _encoding(kept)
    source = source_sql(data_file.name, "parquet" if kind == "parquet" else "csv", encoding)
    title_given = meta.title
    title = title_given or file_title(original_name)
    with duckdb.connect() as con:
        _reference_tables(con, settings)
        plan = plan_tidy(con, source, staging / "raw", title=title, file_name=original_name)
        _check_personal(con)
        files = [f"added/{kept.name}"] + ([f"added/{data_file.name}"] if data_file != kept
                                          else [])
        spec = DatasetSpec(id=dataset_id, title=title, files=files,
                           load_order=ADDED_LOAD_ORDER, load_sql=plan.select,
                           columns=_describe_columns(plan), origin="added")
        try:
            rows = load_dataset(con, spec, staging / "raw")
        except CatalogueError as exc:
            raise NotATable(f"{original_name} could not be shaped into a table: "
                            f"{exc.message}") from exc
        if rows == 0:
            raise NotATable(f"{original_name} has no rows with values")
        measures = [m for m in infer_measures(con, spec, profile_table(con, dataset_id))
                    if m.column is not None]
        if not measures:
            raise NoMeasure(f"{original_name} has no numeric measure to answer questions with "
                            "(only identifiers, ranks or codes)")
        non_null = con.execute(
            f"SELECT count(*) FROM {quote_ident(dataset_id)} WHERE "
            + " OR ".join(f"{quote_ident(c)} IS NOT NULL" for c in {m.column for m in measures
                                                                    if m.column})
        ).fetchone()
        if not non_null or not non_null[0]:
            raise NoMeasure(f"every value in {original_name}'s numeric columns is empty")
    spec = _complete(settings, spec, meta, measures, plan, rows, original_name, digest,
                     title_given is None)
    return spec, plan, measures, rows


def _complete(settings: Settings, spec: DatasetSpec, meta: Metadata, measures: list[Measure],
              plan: TidyPlan, rows: int, original_name: str, digest: str,
              title_inferred: bool) -> DatasetSpec:
    inferred, missing = [], []
    if title_inferred:
        inferred.append("title")
    description = meta.description
    if not description:
        labels = sorted({m.label for m in measures})[:6]
        description = (f"{spec.title}, added from the file {original_name} ({rows} rows). "
                       f"Measures: {'; '.join(labels)}.")
        inferred.append("description")
    collection = meta.collection
    if not collection:
        collection = _infer_collection(settings, f"{spec.title}. {description}")
        if collection:
            inferred.append("collection")
        else:
            collection = "uncategorised"
            missing.append("collection")
    for name in ("publisher", "licence", "url"):
        if not getattr(meta, name):
            missing.append(name)
    missing.append("updated")
    coverage, levels = _coverage(measures), _levels(measures)
    inferred += (["time_coverage"] if coverage else []) + (["geography_level"] if levels
                                                           else [])
    caveats = [UNCURATED_CAVEAT]
    extra_caveats = meta.extra.get("caveats")
    if isinstance(extra_caveats, str) and extra_caveats.strip():
        text = " ".join(extra_caveats.split())
        cut = text[:600].rfind(". ")
        caveats.append(text if len(text) <= 600 else text[:cut + 1] if cut > 0 else text[:600])
    elif isinstance(extra_caveats, list):
        caveats += [str(c) for c in extra_caveats]
    caveats += plan.notes[:3]
    return spec.model_copy(update={
        "description": description, "publisher": meta.publisher or "",
        "licence": meta.licence or "", "source_url": meta.url, "collection": collection,
        "time_coverage": coverage, "geography_level": levels, "caveats": caveats,
        "inferred": inferred, "missing": missing, "source_file": original_name,
        "sha256": digest, "added_at": date.today().isoformat(),
    })


def _commit(settings: Settings, staging: Path, spec: DatasetSpec, existing: DatasetSpec | None
            ) -> list[Path]:
    """Move the checked files into data/ (keeping the old ones aside for a rollback)."""
    raw = settings.data_dir / "raw"
    (raw / "added").mkdir(parents=True, exist_ok=True)
    catalogue = added_dir(settings.data_dir)
    catalogue.mkdir(parents=True, exist_ok=True)
    backup = staging / "backup"
    backup.mkdir()
    if existing is not None:
        for name in existing.files:
            if (raw / name).exists():
                shutil.move(str(raw / name), backup / Path(name).name)
        shutil.move(str(catalogue / f"{existing.id}.yaml"), backup / f"{existing.id}.yaml")
    written = []
    for name in spec.files:
        target = raw / name
        shutil.copyfile(staging / "raw" / name, target)
        written.append(target)
    yaml_path = catalogue / f"{spec.id}.yaml"
    yaml_path.write_text(spec_yaml(spec), encoding="utf-8")
    written.append(yaml_path)
    return written


def _rollback(settings: Settings, staging: Path, written: list[Path],
              existing: DatasetSpec | None, say: Progress) -> None:
    """Put data/ back as it was (the replaced dataset included) and rebuild from it."""
    for path in written:
        path.unlink(missing_ok=True)
    backup = staging / "backup"
    if existing is not None:
        raw = settings.data_dir / "raw"
        for name in existing.files:
            if (backup / Path(name).name).exists():
                shutil.move(str(backup / Path(name).name), raw / name)
        shutil.move(str(backup / f"{existing.id}.yaml"),
                    added_dir(settings.data_dir) / f"{existing.id}.yaml")
    with contextlib.suppress(Exception):
        _index(settings, say)


# --------------------------------------------------------------------------- remove


def remove_dataset(settings: Settings, dataset_id: str, *, rebuild: bool = True,
                   say: Progress = lambda _: None) -> RemoveReport:
    """Take an added dataset out again: its files, catalogue entry, table and documents."""
    started = time.perf_counter()
    with _locked(settings):
        spec = _existing(settings, dataset_id)
        if spec is None:
            if dataset_id in _curated_ids(settings):
                raise CatalogueError(
                    f"{dataset_id!r} is curated; remove its file from data/catalogue/datasets "
                    "instead", dataset=dataset_id)
            raise NotFound(f"no added dataset with id {dataset_id!r}", dataset=dataset_id)
        raw = settings.data_dir / "raw"
        removed = []
        for name in spec.files:
            if (raw / name).exists():
                (raw / name).unlink()
                removed.append(f"data/raw/{name}")
        (added_dir(settings.data_dir) / f"{dataset_id}.yaml").unlink()
        removed.append(f"data/catalogue/added/{dataset_id}.yaml")
        if rebuild:
            _index(settings, say)
        return RemoveReport(id=dataset_id, removed_files=removed, indexed=rebuild,
                            seconds=round(time.perf_counter() - started, 2))
