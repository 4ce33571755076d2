"""Reading the fields of other catalogues: CSV rows, lists, URLs, dates and nested names.

Every reader of a catalogue source cleans its fields the same way, so records from
different sources compare and deduplicate.
"""

from __future__ import annotations

import csv
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from indexing.catalogue_import_records import squash

Row = dict[str, str]
csv.field_size_limit(sys.maxsize)


def csv_rows(path: Path) -> list[Row]:
    """Rows with trimmed keys and values (a BOM and unnamed columns dropped)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k}
                for row in csv.DictReader(handle)]


def split_list(text: str) -> list[str]:
    """Keywords or themes listed with `;`, `,` or `|`."""
    return [squash(t) for t in re.split(r"[;,|]", text) if t.strip()]


def url_or_none(text: str | None) -> str | None:
    """The text if it is an http(s) URL: other values never become links."""
    text = (text or "").strip()
    return text if text.startswith(("http://", "https://")) else None


def parse_date(text: str) -> str | None:
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


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def text_of(value: Any) -> str:
    """A DCAT JSON value as text: an object by its name or title, a list joined."""
    if isinstance(value, dict):
        return squash(str(value.get("name") or value.get("foaf:name") or value.get("title")
                          or ""))
    if isinstance(value, list):
        return ", ".join(text_of(v) for v in value)
    return squash(str(value)) if value is not None else ""
