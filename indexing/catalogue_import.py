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

import csv
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import yaml
from pydantic import BaseModel, Field, ValidationError

from assistant.errors import CatalogueError
from assistant.semantic import DatasetInfo
from assistant.settings import Settings
from indexing import ckan
from indexing.catalogue_import_records import (
    API_COLLECTION,
    SLUG_TITLE_CAVEAT,
    TITLE_CAVEAT,
    CatalogueRecord,
    Resource,
    deduplicate,
    read_records,
    slug,
    squash,
    write_records,
)

Format = Literal[
    "ckan", "ckan-site", "dcat-json", "csv", "datagovuk-views", "datagovuk-reviews",
    "api-catalogue", "gss-cogs", "hdruk", "datagovuk-collections",
]
FORMATS: tuple[str, ...] = Format.__args__  # type: ignore[attr-defined]
IMPORTED_DIR = Path("catalogue") / "imported"
IMPORTS_FILE = Path("catalogue") / "imports.yaml"
Say = Callable[[str], None]
API_CATALOGUE_URL = "https://www.api.gov.uk/"
Row = dict[str, str]
csv.field_size_limit(sys.maxsize)


class ImportSpec(BaseModel):
    """One catalogue source: a file under the data directory (or a path), or a CKAN URL."""

    name: str
    source: str
    format: Format | None = None  # None: detected from the source
    site: str | None = None  # the CKAN site a dump came from (for landing pages)
    prefix: str | None = None  # id prefix; default: dgu for data.gov.uk, else the name
    resources: str | None = None  # ckan: JSON lines of resources with package_id
    organisations: str | None = None  # api-catalogue: provider slug → organisation name
    columns: dict[str, str] = Field(default_factory=dict)  # csv: field → column name
    query: str = "*:*"  # ckan-site: package_search q
    fq: str | None = None  # ckan-site: extra filter query
    rows: int = Field(100, ge=1, le=1000)  # ckan-site: page size
    limit: int | None = Field(None, ge=1)  # ckan-site: stop after this many packages
    description: str = ""

    def id_prefix(self) -> str:
        if self.prefix:
            return self.prefix
        return "dgu" if ckan.is_data_gov_uk(self.site or self.source) else slug(self.name)


class ImportReport(BaseModel):
    name: str
    source: str
    format: str
    records: int
    written: int
    path: str
    since: str | None = None
    requests: int = 0
    retries: int = 0


# --- helpers -----------------------------------------------------------------------------

def _rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k}
                for row in csv.DictReader(handle)]


def _split(text: str) -> list[str]:
    return [squash(t) for t in re.split(r"[;,|]", text) if t.strip()]


def _url(text: str | None) -> str | None:
    text = (text or "").strip()
    return text if text.startswith(("http://", "https://")) else None


def _date(text: str) -> str | None:
    """ISO dates pass through; '04 December 2018' becomes 2018-12-04."""
    text = text.strip()
    if not text:
        return None
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        return text
    for fmt in ("%d %B %Y", "%d %b %Y", "%B %Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- readers of the bundled shapes -------------------------------------------------------

def read_datagovuk_views(path: Path, spec: ImportSpec) -> Iterator[CatalogueRecord]:
    """data.gov.uk page analytics: dataset uuid, slug, lower-cased title, views, URL."""
    for row in _rows(path):
        uuid, name = row.get("dataset_id", ""), row.get("slug", "")
        title, caveat = squash(row.get("page_title_lower")), TITLE_CAVEAT
        if not title:  # a few pages have no recorded title: their slug is all there is
            title, caveat = squash(re.sub(r"[-_]+", " ", name)), SLUG_TITLE_CAVEAT
        if not uuid or not title:
            continue
        yield CatalogueRecord(
            id=f"dgu:{uuid}", aliases=[f"dgu:{name}"] if name else [],
            title=_sentence_case(title),
            source_url=_url(row.get("url")) or f"{ckan.DGU_SITE}/dataset/{uuid}/{name}",
            caveats=[caveat], extras={"views_12m": row.get("views_12m", "")},
            source=spec.name,
        )


def read_datagovuk_reviews(path: Path, spec: ImportSpec) -> Iterator[CatalogueRecord]:
    """Only the publisher's fields: id, title, organisation. The file's scores, theme,
    tags and suggested titles/descriptions are LLM output and are never read."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            uuid, title = row.get("dataset_id"), squash(row.get("title"))
            if not uuid or not title:
                continue
            yield CatalogueRecord(
                id=f"dgu:{uuid}", title=title, publisher=squash(row.get("org_display_name")),
                source_url=f"{ckan.DGU_SITE}/dataset/{uuid}",
                extras={"organisation_slug": squash(row.get("org_slug"))}, source=spec.name,
            )


def read_api_catalogue(path: Path, spec: ImportSpec, base: Path) -> Iterator[CatalogueRecord]:
    """The UK public-sector API catalogue; providers named from its organisation list."""
    organisations: dict[str, str] = {}
    if spec.organisations:
        organisations = {r["id"]: r["name"] for r in _rows(_resolve(spec.organisations, base))}
    for row in _rows(path):
        name = squash(row.get("name"))
        if not name:
            continue
        provider = row.get("provider", "")
        endpoint, docs = _url(row.get("url")), _url(row.get("documentation"))
        resources = [Resource(name="API endpoint", format="API", url=endpoint)] if endpoint \
            else []
        if docs:
            resources.append(Resource(name="Documentation", format="HTML", url=docs))
        caveats = [] if docs or endpoint else [
            "The catalogue lists no public address for this API (it is offered to other "
            "public bodies); the link is the API catalogue."]
        yield CatalogueRecord(
            id=f"api:{slug(provider) or 'unknown'}/{slug(name)}", kind="api", title=name,
            description=squash(row.get("description")),
            publisher=organisations.get(provider, provider),
            licence=squash(row.get("license"))[:200],
            source_url=docs or endpoint or API_CATALOGUE_URL, caveats=caveats,
            updated=_date(row.get("dateUpdated", "")) or _date(row.get("dateAdded", "")),
            collection=API_COLLECTION, resources=resources, source=spec.name,
            extras={k: v for k, v in {"area_served": squash(row.get("areaServed")),
                                      "provider": provider}.items() if v},
        )


def read_gss_cogs(path: Path, spec: ImportSpec) -> Iterator[CatalogueRecord]:
    """GSS COGS dataset families: official statistics with landing pages on GOV.UK/ONS."""
    for row in _rows(path):
        title = squash(row.get("title"))
        folder = Path(row.get("path", "")).parent.name
        key = row.get("id") or slug(folder)
        if not title or not key:
            continue
        publisher, caveats = squash(row.get("publisher")), []
        extras = {"families": row.get("families", "")}
        if ":" in publisher:  # a dataset title mis-entered as the publisher in the source
            extras["publisher_as_entered"], publisher = publisher, ""
            caveats.append("The source catalogue's publisher field is mis-entered for this "
                           "dataset; see the landing page for the publisher.")
        record_url = (f"https://github.com/{row['repo']}/blob/{row['commit']}/{row['path']}"
                      if row.get("repo") and row.get("commit") and row.get("path") else None)
        yield CatalogueRecord(
            id=f"gss:{key}", title=title, description=squash(row.get("description")),
            publisher=publisher, source_url=_url(row.get("landingPage")) or record_url,
            updated=_date(row.get("published", "")), tags=_split(row.get("families", "")),
            caveats=caveats, extras={k: v for k, v in extras.items() if v}, source=spec.name,
        )


def read_hdruk(path: Path, spec: ImportSpec) -> Iterator[CatalogueRecord]:
    """HDR UK Innovation Gateway: UK health datasets, most of them under controlled access."""
    for row in _rows(path):
        title, uuid = squash(row.get("title")), row.get("id")
        if not title or not uuid:
            continue
        publisher = squash(row.get("publisher", "").split(">")[-1])
        doi = row.get("doi", "")
        start, end = row.get("datasetStartDate", ""), row.get("datasetEndDate", "")
        pid = row.get("pid") or uuid
        yield CatalogueRecord(
            id=f"hdruk:{uuid}", title=title,
            description=squash(row.get("abstract") or row.get("description")),
            publisher=publisher, licence=squash(row.get("license"))[:200],
            source_url=f"https://web.www.healthdatagateway.org/dataset/{pid}",
            updated=(row.get("modified") or row.get("issued") or None),
            tags=_split(row.get("keywords", "")),
            time_coverage=f"{start[:10]} to {end[:10] or 'present'}" if start else None,
            caveats=["Health data listed on the HDR UK Innovation Gateway: access is usually "
                     "controlled by the data custodian (see the access rights on the page)."],
            extras={k: v for k, v in {
                "doi": doi if doi.startswith("10.") else "",
                "jurisdiction": row.get("jurisdiction", ""),
                "access_rights": row.get("accessRights", "")[:300]}.items() if v},
            source=spec.name,
        )


FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", re.S)


def read_datagovuk_collections(folder: Path, spec: ImportSpec) -> Iterator[CatalogueRecord]:
    """data.gov.uk collection pages (markdown with YAML front matter): a curated title,
    a summary and the links to the publishers' data, pages and APIs."""
    for path in sorted(folder.glob("*/*.md")):
        match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        if not match:
            continue
        meta = yaml.safe_load(match.group(1)) or {}
        title = squash(str(meta.get("title") or ""))
        if not title:
            continue
        links: list[Resource] = []
        for kind, label in (("dataset", "Data"), ("api", "API"), ("websites", "Web page")):
            value = meta.get(kind)
            for item in value if isinstance(value, list) else [value] if value else []:
                if isinstance(item, dict) and _url(item.get("url")):
                    links.append(Resource(name=squash(item.get("link-text")), format=label,
                                          url=item["url"]))
        body = " ".join(p for p in match.group(2).split("\n\n")[:3])
        theme = path.parent.name
        yield CatalogueRecord(
            id=f"dgu-collection:{theme}/{path.stem}", kind="collection_page", title=title,
            description=squash(body), publisher="data.gov.uk (Government Digital Service)",
            source_url=links[0].url if links else None,
            updated=str(meta.get("page-last-updated") or "") or None,
            tags=[theme.replace("-", " ")], resources=links,
            caveats=["A data.gov.uk collection page: it points to data published by the "
                     "organisations linked."],
            extras={"collection_path": f"/collections/{theme}/{path.stem}"}, source=spec.name,
        )


# --- generic readers ---------------------------------------------------------------------

CSV_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("identifier", "id", "dataset_id", "guid", "name", "slug"),
    "title": ("title", "dataset_title", "name"),
    "description": ("description", "notes", "abstract", "summary"),
    "publisher": ("publisher", "publisher_name", "organisation", "organization",
                  "org_display_name", "organization_title"),
    "licence": ("license", "licence", "license_title", "license_id", "rights"),
    "source_url": ("landingpage", "landing_page", "url", "homepage", "link", "web_url"),
    "updated": ("modified", "metadata_modified", "dateupdated", "updated", "issued"),
    "tags": ("keyword", "keywords", "tags"),
    "groups": ("theme", "themes", "groups", "category"),
}


def _pick(row: Row, field: str, columns: dict[str, str]) -> str:
    if field in columns:
        return row.get(columns[field], "")
    lowered = {k.lower(): v for k, v in row.items()}
    return next((lowered[c] for c in CSV_FIELDS[field] if lowered.get(c)), "")


def read_csv_export(path: Path, spec: ImportSpec) -> Iterator[CatalogueRecord]:
    """A DCAT-ish or CKAN-ish CSV export; columns found by their usual names, or named in
    the spec's `columns`."""
    prefix = spec.id_prefix()
    for row in _rows(path):
        title = squash(_pick(row, "title", spec.columns))
        key = _pick(row, "id", spec.columns) or slug(title)
        if not title or not key:
            continue
        yield CatalogueRecord(
            id=f"{prefix}:{key}", title=title,
            description=squash(_pick(row, "description", spec.columns)),
            publisher=squash(_pick(row, "publisher", spec.columns)),
            licence=squash(_pick(row, "licence", spec.columns)),
            source_url=_url(_pick(row, "source_url", spec.columns)),
            updated=_pick(row, "updated", spec.columns) or None,
            tags=_split(_pick(row, "tags", spec.columns)),
            groups=_split(_pick(row, "groups", spec.columns)), source=spec.name,
        )


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return squash(str(value.get("name") or value.get("foaf:name") or value.get("title")
                          or ""))
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return squash(str(value)) if value is not None else ""


def read_dcat_json(path: Path, spec: ImportSpec) -> Iterator[CatalogueRecord]:
    """A DCAT catalogue in JSON (`data.json`: {"dataset": [...]}, or a list of datasets)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    datasets = data.get("dataset", []) if isinstance(data, dict) else data
    prefix = spec.id_prefix()
    for item in datasets:
        title = _text(item.get("title"))
        key = _text(item.get("identifier")) or slug(title)
        if not title:
            continue
        keywords = item.get("keyword") or []
        resources = [
            Resource(name=_text(d.get("title")), format=_text(d.get("format")
                                                              or d.get("mediaType")),
                     url=d.get("downloadURL") or d.get("accessURL"))
            for d in item.get("distribution") or [] if isinstance(d, dict)
        ]
        yield CatalogueRecord(
            id=f"{prefix}:{key}", title=title, description=_text(item.get("description")),
            publisher=_text(item.get("publisher")), licence=_text(item.get("license")),
            source_url=_url(_text(item.get("landingPage"))),
            updated=_text(item.get("modified")) or None,
            tags=[_text(k) for k in (keywords if isinstance(keywords, list) else [keywords])],
            groups=[_text(t) for t in item.get("theme") or [] if isinstance(t, str)],
            resources=resources, source=spec.name,
        )


def read_ckan_dump(path: Path, spec: ImportSpec, base: Path) -> Iterator[CatalogueRecord]:
    packages = ckan.read_dump(path)
    if spec.resources:
        ckan.attach_resources(packages, _resolve(spec.resources, base))
    site = spec.site
    if site is None:  # data.gov.uk dumps name their API in api_url
        site = next((ckan.site_root(str(p["api_url"])) for p in packages if p.get("api_url")),
                    None)
    prefix = spec.prefix or ("dgu" if ckan.is_data_gov_uk(site) else spec.id_prefix())
    for pkg in packages:
        record = ckan.package_to_record(pkg, prefix=prefix, site=site,
                                        source=spec.name)
        if record is not None:
            yield record


# --- orchestration -----------------------------------------------------------------------

def _resolve(source: str, base: Path) -> Path:
    path = Path(source)
    return path if path.is_absolute() or path.exists() else base / path


def detect_format(source: str, base: Path = Path(".")) -> Format:
    if urlparse(source).scheme in {"http", "https"}:
        return "ckan-site"
    path = _resolve(source, base)
    if path.is_dir():
        return "datagovuk-collections"
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix == ".json":
        head = path.read_text(encoding="utf-8")[:4000]
        if re.search(r'"dataset"\s*:\s*\[', head) and '"result"' not in head:
            return "dcat-json"
    return "ckan"


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
    path = _resolve(spec.source, base)
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
    return data_dir / IMPORTED_DIR


def load_import_specs(data_dir: Path) -> list[ImportSpec]:
    path = data_dir / IMPORTS_FILE
    if not path.exists():
        return []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        items = raw.get("imports", []) if isinstance(raw, dict) else raw
        return [ImportSpec.model_validate(i) for i in items or []]
    except (yaml.YAMLError, ValidationError) as exc:
        raise CatalogueError(f"{path.name} does not match the imports format",
                             file=str(path)) from exc


def last_modified(records: Iterable[CatalogueRecord]) -> str | None:
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
