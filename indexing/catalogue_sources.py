"""Where catalogue records come from: one `ImportSpec` per source, listed in imports.yaml.

A source is a file under the data directory (a CKAN dump, a DCAT JSON, a CSV export or one
of the bundled shapes) or a live CKAN site; its format is given or detected from the source.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

import yaml
from pydantic import BaseModel, Field, ValidationError

from assistant.errors import CatalogueError
from indexing import ckan
from indexing.catalogue_import_records import slug

Format = Literal[
    "ckan", "ckan-site", "dcat-json", "csv", "datagovuk-views", "datagovuk-reviews",
    "api-catalogue", "gss-cogs", "hdruk", "datagovuk-collections",
]
FORMATS: tuple[str, ...] = Format.__args__  # type: ignore[attr-defined]
IMPORTS_FILE = Path("catalogue") / "imports.yaml"


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


def resolve_source(source: str, base: Path) -> Path:
    """A path as given when it exists (or is absolute), else under `base`."""
    path = Path(source)
    return path if path.is_absolute() or path.exists() else base / path


def detect_format(source: str, base: Path = Path(".")) -> Format:
    """A URL is a CKAN site, a folder holds collection pages; else by suffix and content."""
    if urlparse(source).scheme in {"http", "https"}:
        return "ckan-site"
    path = resolve_source(source, base)
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


def load_import_specs(data_dir: Path) -> list[ImportSpec]:
    """The sources listed in data/catalogue/imports.yaml (none if there is no such file)."""
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
