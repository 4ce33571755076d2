"""Catalogue ingestion: other catalogues' records made searchable here.

`ndl catalogue import SOURCE` reads a CKAN dump or a live CKAN site (`indexing/ckan.py`), a
DCAT JSON (`data.json`) or a CSV export, and writes typed records to
`data/catalogue/imported/<name>.jsonl`. `ndl index` adds every imported file and every
bundled source listed in `data/catalogue/imports.yaml` to `_ndl_datasets` (deduplicated by
id) and embeds them into `ndl_datasets`, so "where can I find…" questions are answered with
links even where no table is loaded.

A few bundled files have shapes of their own (data.gov.uk analytics and reviews, the API
catalogue, GSS COGS, the HDR UK gateway, data.gov.uk collection pages); each has a reader
here that keeps only real catalogue fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel, ValidationError

from assistant.errors import CatalogueError
from assistant.semantic import DatasetInfo
from assistant.settings import Settings
from indexing import ckan
from indexing.catalogue_bundled import (
    read_api_catalogue,
    read_datagovuk_collections,
    read_datagovuk_reviews,
    read_datagovuk_views,
    read_gss_cogs,
    read_hdruk,
)
from indexing.catalogue_import_records import (
    CatalogueRecord,
    deduplicate,
    read_records,
    slug,
    write_records,
)
from indexing.catalogue_sources import (
    FORMATS,
    ImportSpec,
    detect_format,
    load_import_specs,
    resolve_source,
)
from indexing.catalogue_standard import read_ckan_dump, read_csv_export, read_dcat_json

__all__ = [
    "FORMATS", "ImportReport", "ImportSpec", "detect_format", "import_catalogue",
    "imported_datasets", "imported_dir", "imported_records", "load_import_specs",
    "read_source",
]

IMPORTED_DIR = Path("catalogue") / "imported"
Say = Callable[[str], None]


class ImportReport(BaseModel):
    """What `ndl catalogue import` did: records read and written, and CKAN calls made."""

    name: str
    source: str
    format: str
    records: int
    written: int
    path: str
    since: str | None = None
    requests: int = 0
    retries: int = 0


def read_source(spec: ImportSpec, base: Path, *, since: str | None = None,
                say: Say = lambda _: None, site: ckan.CkanSite | None = None
                ) -> list[CatalogueRecord]:
    """Every record of one source (a file under `base`, or a live CKAN site)."""
    fmt = spec.format or detect_format(spec.source, base)
    if fmt == "ckan-site":
        remote = site or ckan.CkanSite(ckan.site_root(spec.source))
        name = ckan.dataset_name_in(spec.source)
        packages = [remote.package_show(name)] if name else remote.packages(
            since=since, q=spec.query, fq=spec.fq, rows=spec.rows, limit=spec.limit)
        mapped = [ckan.package_to_record(p, prefix=spec.id_prefix(),
                                         site=spec.site or remote.url, source=spec.name)
                  for p in packages]
        return [r for r in mapped if r is not None]
    path = resolve_source(spec.source, base)
    if not path.exists():
        raise CatalogueError(f"catalogue source {spec.source} was not found", file=str(path))
    readers: dict[str, Callable[[], Iterable[CatalogueRecord]]] = {
        "ckan": lambda: read_ckan_dump(path, spec, base),
        "dcat-json": lambda: read_dcat_json(path, spec),
        "csv": lambda: read_csv_export(path, spec),
        "datagovuk-views": lambda: read_datagovuk_views(path, spec),
        "datagovuk-reviews": lambda: read_datagovuk_reviews(path, spec),
        "api-catalogue": lambda: read_api_catalogue(path, spec, base),
        "gss-cogs": lambda: read_gss_cogs(path, spec),
        "hdruk": lambda: read_hdruk(path, spec),
        "datagovuk-collections": lambda: read_datagovuk_collections(path, spec),
    }
    try:
        records = list(readers[fmt]())
    except (ValueError, KeyError, ValidationError) as exc:
        raise CatalogueError(f"could not read {spec.source} as {fmt}: {exc}",
                             file=str(path)) from exc
    if since:
        records = [r for r in records if ckan.changed_since(r.updated, since)]
    say(f"read {len(records)} records from {spec.source} ({fmt})")
    return records


def imported_dir(data_dir: Path) -> Path:
    """Where imported records are kept: one JSON-lines file per source."""
    return data_dir / IMPORTED_DIR


def last_modified(records: Iterable[CatalogueRecord]) -> str | None:
    """The newest change among records: where `--since last` resumes."""
    dates = [d for d in (ckan.solr_date_or_none(r.updated) for r in records) if d]
    return max(dates) if dates else None


def import_catalogue(spec: ImportSpec, data_dir: Path, *, since: str | None = None,
                     say: Say = lambda _: None, site: ckan.CkanSite | None = None
                     ) -> ImportReport:
    """Read one source and write `imported/<name>.jsonl`. With `since` ('last': the newest
    change already imported) only records changed since are fetched, and merged over the
    file's existing records."""
    out = imported_dir(data_dir) / f"{slug(spec.name)}.jsonl"
    existing = read_records(out) if out.exists() else []
    if since == "last":
        since = last_modified(existing)
    retries = 0

    def count_retry(attempt: int, exc: Exception) -> None:
        nonlocal retries
        retries += 1
        say(f"retry {attempt} after {type(exc).__name__}")

    fmt = spec.format or detect_format(spec.source, data_dir)
    if fmt == "ckan-site" and site is None:
        site = ckan.CkanSite(ckan.site_root(spec.source), on_retry=count_retry)
    records = read_source(spec, data_dir, since=since, say=say, site=site)
    fresh = deduplicate(records)
    if since and existing:
        ids = {r.id for r in fresh} | {a for r in fresh for a in r.aliases}
        fresh = fresh + [r for r in existing if r.id not in ids]
    written = write_records(out, fresh)
    say(f"wrote {written} records to {out}")
    return ImportReport(name=spec.name, source=spec.source, format=fmt, records=len(records),
                        written=written, path=str(out), since=since,
                        requests=site.calls if site else 0, retries=retries)


def imported_records(data_dir: Path, say: Say = lambda _: None) -> list[CatalogueRecord]:
    """Every imported file, then every source in imports.yaml, deduplicated by id."""
    records: list[CatalogueRecord] = []
    folder = imported_dir(data_dir)
    for path in sorted(folder.glob("*.jsonl")) if folder.exists() else []:
        records.extend(read_records(path))
    for spec in load_import_specs(data_dir):
        records.extend(read_source(spec, data_dir, say=say))
    return deduplicate(records)


def imported_datasets(settings: Settings, say: Say = lambda _: None) -> list[DatasetInfo]:
    """What `ndl index` adds to `_ndl_datasets` and `ndl_datasets`: search-only datasets."""
    return [r.to_dataset_info() for r in imported_records(settings.data_dir, say)]
