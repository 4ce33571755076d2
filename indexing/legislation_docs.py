"""The `ndl_legislation` Chroma collection: one document per item of the `legislation` table.

Each document is the official title, the type and year, and the start of the long title
(Acts) or explanatory note (SIs) — enough for the meaning of the item, short enough that
the ~8,000 items embed in about a minute on a laptop CPU. Metadata carries what searches
filter on: type_code, category, year, number (0 when the item has none) and status
('repealed'/'revoked' from the title's marker, '' when the title has no marker).
"""

from __future__ import annotations

import re

import duckdb

from assistant.settings import Settings
from indexing.documents import Document

LEGISLATION = "ndl_legislation"
TABLE = "legislation"
ID_PREFIX = "https://www.legislation.gov.uk/id/"
DESCRIPTION_WORDS = 40
# '(repealed)', '(revoked)', '(repealed 1.3.2000)' at the end of an official title.
STATUS_MARKER = re.compile(r"\((repealed|revoked)\b[^()]*\)\s*$", re.I)

COLUMNS = ("type_code", "type_name", "category", "year", "number", "title", "status",
           "date_enacted", "description", "legislation_uri", "web_url", "feed_updated")


def item_id(legislation_uri: str) -> str:
    """'https://www.legislation.gov.uk/id/ukpga/2006/46' → 'ukpga/2006/46' (unique per item)."""
    return legislation_uri.removeprefix(ID_PREFIX).strip("/")


def title_status(title: str, status: str | None) -> str | None:
    """The marker the official title carries, if any; the table's own column first."""
    if status:
        return status.lower()
    marker = STATUS_MARKER.search(title or "")
    return marker.group(1).lower() if marker else None


def citation(type_code: str, year: int, number: int | None) -> str:
    """'2006 c. 46' for Acts, '2025 No. 1137' for SIs (the way legislation.gov.uk cites them)."""
    if number is None:
        return str(year)
    if type_code == "uksi":
        return f"{year} No. {number}"
    if type_code == "asp":
        return f"{year} asp {number}"
    return f"{year} c. {number}"


def legislation_text(type_code: str, type_name: str, year: int, number: int | None,
                     title: str, description: str | None) -> str:
    words = (description or "").split()
    summary = " ".join(words[:DESCRIPTION_WORDS]) + (" …" if len(words) > DESCRIPTION_WORDS else "")
    parts = [f"{title.strip()}.", f"{type_name}, {citation(type_code, year, number)}."]
    if summary:
        parts.append(summary)
    return " ".join(parts)


def has_legislation(con: duckdb.DuckDBPyConnection) -> bool:
    present = con.execute("SELECT count(*) FROM information_schema.tables "
                          "WHERE table_schema = 'main' AND table_name = ?", [TABLE]).fetchone()
    return bool(present and present[0])


def legislation_documents(settings: Settings, con: duckdb.DuckDBPyConnection
                          ) -> tuple[str, list[Document]]:
    """Builder for `indexing.extra.BUILDERS`: no documents when the table is absent."""
    if not has_legislation(con):
        return LEGISLATION, []
    rows = con.execute(
        "SELECT type_code, type_name, category, year, number, title, status, description, "
        "legislation_uri FROM legislation ORDER BY legislation_uri").fetchall()
    docs = []
    for type_code, type_name, category, year, number, title, status, description, uri in rows:
        docs.append(Document(
            id=item_id(str(uri)),
            text=legislation_text(str(type_code), str(type_name), int(year),
                                  None if number is None else int(number), str(title),
                                  description),
            metadata={"type_code": str(type_code), "category": str(category),
                      "year": int(year), "number": 0 if number is None else int(number),
                      "status": title_status(str(title), status) or ""},
        ))
    return LEGISLATION, docs
