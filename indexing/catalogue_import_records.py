"""Typed records for datasets found in other catalogues (CKAN, DCAT, CSV exports).

An imported record describes a dataset that has no table here: it is searchable (embedded
into `ndl_datasets`) and answers "where can I find…" questions with its link, but the
planner never queries it (`DatasetInfo.queryable` is False). Records are stored one JSON
object a line under `data/catalogue/imported/<name>.jsonl`.

Ids are prefixed by the catalogue they came from (`dgu:<uuid>`, `api:<provider>/<slug>`,
`hdruk:<uuid>`…), so they never clash with the bundled table ids, and a record may carry
`aliases` (e.g. `dgu:<name>` beside `dgu:<uuid>`) under which the same dataset is known
elsewhere; `deduplicate` merges records that share an id or an alias.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.semantic import DatasetInfo

Kind = Literal["dataset", "api", "collection_page"]
IMPORTED_COLLECTION = "catalogue"
API_COLLECTION = "apis"
DESCRIPTION_CHARS = 600  # what DatasetInfo shows (and embeds); the record keeps it all
MAX_KEYWORDS = 15
TITLE_CAVEAT = ("Title as recorded (lower-cased) in data.gov.uk page analytics; open the link "
                "for the publisher's own title, description and licence.")
SLUG_TITLE_CAVEAT = ("Title derived from the data.gov.uk page address (no title was recorded); "
                     "open the link for the publisher's own title, description and licence.")
API_CAVEAT = ("This is an API (a web service) listed in a public-sector API catalogue, not a "
              "downloadable table: see its documentation at the link.")


class Resource(BaseModel):
    """One distribution of a dataset: a file, a web page or an API endpoint."""

    name: str = ""
    format: str = ""
    url: str | None = None


class CatalogueRecord(BaseModel):
    id: str
    title: str
    kind: Kind = "dataset"
    aliases: list[str] = Field(default_factory=list)
    description: str = ""  # the publisher's own text (CKAN notes, DCAT description)
    publisher: str = ""  # the organisation's name, never a person
    licence: str = ""
    licence_url: str | None = None
    source_url: str | None = None  # the landing page a reader should open
    updated: str | None = None  # when the catalogue entry last changed (ISO)
    collection: str = IMPORTED_COLLECTION
    tags: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    mandate: list[str] = Field(default_factory=list)  # legislation the data is published under
    time_coverage: str | None = None
    caveats: list[str] = Field(default_factory=list)
    extras: dict[str, str] = Field(default_factory=dict)
    source: str = ""  # the import (file or site) it came from

    @property
    def formats(self) -> list[str]:
        return sorted({r.format for r in self.resources if r.format}, key=str.lower)

    def to_dataset_info(self) -> DatasetInfo:
        """The record as served: searchable and citable, never queried."""
        parts = [clip(self.description, DESCRIPTION_CHARS)]
        keywords = list(dict.fromkeys([*self.tags, *self.groups]))[:MAX_KEYWORDS]
        if keywords:
            parts.append("Keywords: " + ", ".join(keywords) + ".")
        if self.formats:
            parts.append("Formats: " + ", ".join(self.formats[:8]) + ".")
        if self.mandate:
            parts.append("Published under: " + " ".join(self.mandate[:3]) + ".")
        caveats = [API_CAVEAT, *self.caveats] if self.kind == "api" else list(self.caveats)
        return DatasetInfo(
            id=self.id, title=self.title, description=" ".join(p for p in parts if p),
            publisher=self.publisher, licence=self.licence, licence_url=self.licence_url,
            source_url=self.source_url, updated=self.updated, collection=self.collection,
            time_coverage=self.time_coverage, caveats=caveats, queryable=False,
        )


SPACES = re.compile(r"\s+")


def squash(text: str | None) -> str:
    """One line of text: escaped newlines and runs of whitespace become single spaces."""
    return SPACES.sub(" ", (text or "").replace("\\n", "\n")).strip()


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    text = squash(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _union(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def merge(first: CatalogueRecord, second: CatalogueRecord) -> CatalogueRecord:
    """One record from two descriptions of the same dataset: `first` wins where both have a
    value, `second` fills the gaps; lists are united."""
    data = first.model_dump()
    other = second.model_dump()
    for key, value in other.items():
        if key in {"id", "kind", "collection"}:
            continue
        if isinstance(value, list) and key != "resources":
            data[key] = _union(data[key], value)
        elif isinstance(value, dict):
            data[key] = {**value, **data[key]}
        elif not data[key]:
            data[key] = value
    urls = {r.url for r in first.resources if r.url}
    data["resources"] = [r.model_dump() for r in first.resources] + [
        r.model_dump() for r in second.resources if not r.url or r.url not in urls]
    data["aliases"] = [a for a in _union(data["aliases"], [second.id]) if a != first.id]
    # the title is always the first record's, so a note about the second's title is moot
    data["caveats"] = _union(first.caveats, [c for c in second.caveats
                                             if c not in {TITLE_CAVEAT, SLUG_TITLE_CAVEAT}])
    if first.kind == "dataset" and second.kind != "dataset":
        data["kind"], data["collection"] = second.kind, second.collection
    return CatalogueRecord.model_validate(data)


def deduplicate(records: Iterable[CatalogueRecord]) -> list[CatalogueRecord]:
    """Merge records that share an id or an alias (transitively), in first-seen order.

    Earlier records have priority field by field, so list the richest sources first. The
    merged record keeps the first id that is nobody's alias (`dgu:<uuid>` over
    `dgu:<name>`); every other id becomes an alias.
    """
    records = list(records)
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.setdefault(name, name) != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for record in records:
        for alias in record.aliases:
            a, b = root(record.id), root(alias)
            if a != b:
                parent[b] = a
    groups: dict[str, list[CatalogueRecord]] = {}
    for record in records:
        groups.setdefault(root(record.id), []).append(record)
    out = []
    for members in groups.values():
        merged = members[0]
        for other in members[1:]:
            merged = merge(merged, other)
        aliases = {a for m in members for a in m.aliases}
        ids = [m.id for m in members]
        key = next((i for i in ids if i not in aliases), ids[0])
        names = _union(ids, sorted(aliases))
        out.append(merged.model_copy(update={"id": key,
                                             "aliases": [n for n in names if n != key]}))
    return out


def write_records(path: Path, records: Iterable[CatalogueRecord]) -> int:
    """Write one JSON object a line, atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".jsonl.tmp")
    count = 0
    with tmp.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(record.model_dump_json(exclude_defaults=True) + "\n")
            count += 1
    os.replace(tmp, path)
    return count


def read_records(path: Path) -> list[CatalogueRecord]:
    with path.open(encoding="utf-8") as handle:
        return [CatalogueRecord.model_validate_json(line) for line in handle if line.strip()]
