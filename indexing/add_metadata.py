"""What a caller says about a dataset it adds: our field names, or CKAN / DCAT / ONS ones.

Anything left out is inferred from the file or listed as missing in the catalogue entry.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from assistant.errors import CatalogueError

ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
META_FIELDS = ("title", "description", "publisher", "licence", "url", "collection")


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
    """Map the first field present under each of its usual names onto `Metadata`."""
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
