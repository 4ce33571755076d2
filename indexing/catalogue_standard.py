"""Readers of the standard catalogue formats: CSV exports, DCAT JSON and CKAN dumps.

CSV columns are found by their usual DCAT or CKAN names unless the spec names them; CKAN
packages are mapped to records by `indexing/ckan.py`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from indexing import ckan
from indexing.catalogue_fields import Row, csv_rows, split_list, text_of, url_or_none
from indexing.catalogue_import_records import CatalogueRecord, Resource, slug, squash
from indexing.catalogue_sources import ImportSpec, resolve_source

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
    for row in csv_rows(path):
        title = squash(_pick(row, "title", spec.columns))
        key = _pick(row, "id", spec.columns) or slug(title)
        if not title or not key:
            continue
        yield CatalogueRecord(
            id=f"{prefix}:{key}", title=title,
            description=squash(_pick(row, "description", spec.columns)),
            publisher=squash(_pick(row, "publisher", spec.columns)),
            licence=squash(_pick(row, "licence", spec.columns)),
            source_url=url_or_none(_pick(row, "source_url", spec.columns)),
            updated=_pick(row, "updated", spec.columns) or None,
            tags=split_list(_pick(row, "tags", spec.columns)),
            groups=split_list(_pick(row, "groups", spec.columns)), source=spec.name,
        )


def read_dcat_json(path: Path, spec: ImportSpec) -> Iterator[CatalogueRecord]:
    """A DCAT catalogue in JSON (`data.json`: {"dataset": [...]}, or a list of datasets)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    datasets = data.get("dataset", []) if isinstance(data, dict) else data
    prefix = spec.id_prefix()
    for item in datasets:
        title = text_of(item.get("title"))
        key = text_of(item.get("identifier")) or slug(title)
        if not title:
            continue
        keywords = item.get("keyword") or []
        resources = [
            Resource(name=text_of(d.get("title")), format=text_of(d.get("format")
                                                              or d.get("mediaType")),
                     url=d.get("downloadURL") or d.get("accessURL"))
            for d in item.get("distribution") or [] if isinstance(d, dict)
        ]
        yield CatalogueRecord(
            id=f"{prefix}:{key}", title=title, description=text_of(item.get("description")),
            publisher=text_of(item.get("publisher")), licence=text_of(item.get("license")),
            source_url=url_or_none(text_of(item.get("landingPage"))),
            updated=text_of(item.get("modified")) or None,
            tags=[text_of(k) for k in (keywords if isinstance(keywords, list) else [keywords])],
            groups=[text_of(t) for t in item.get("theme") or [] if isinstance(t, str)],
            resources=resources, source=spec.name,
        )


def read_ckan_dump(path: Path, spec: ImportSpec, base: Path) -> Iterator[CatalogueRecord]:
    packages = ckan.read_dump(path)
    if spec.resources:
        ckan.attach_resources(packages, resolve_source(spec.resources, base))
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
