"""What a legislation search returns: one item as listed on legislation.gov.uk, and a page.

`status` is only the '(repealed)'/'(revoked)' marker of the official title; an item without
one may still be repealed, amended or not yet commenced, so nothing here says 'in force'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from indexing.legislation_docs import citation, item_id, title_status

T = TypeVar("T")
Status = Literal["repealed", "revoked"]

SELECT = ("SELECT type_code, type_name, category, year, number, title, status, date_enacted, "
          "description, legislation_uri, web_url, feed_updated FROM legislation")


class LegislationItem(BaseModel):
    """One Act or Statutory Instrument as listed on legislation.gov.uk."""

    id: str = Field(description="Unique path on legislation.gov.uk, e.g. 'ukpga/2006/46'.")
    type: str = Field(description="Type code: ukpga, asp, nia or uksi.")
    type_name: str
    category: str = Field(description="'primary' (Acts) or 'secondary' (SIs).")
    year: int
    number: int | None = Field(description="Chapter (Acts) or SI number; null for one SI.")
    citation: str = Field(description="'2006 c. 46' or '2025 No. 1137'.")
    title: str
    date: str | None = Field(description="Royal Assent (Acts) or date made (SIs), ISO.")
    status: Status | None = Field(
        description="'repealed' or 'revoked' when the official title carries that marker; "
                    "null only means the title has no marker, NOT that the law is in force.")
    status_note: str
    url: str = Field(description="The item on legislation.gov.uk.")
    description: str | None = Field(description="Long title (Acts) or explanatory note (SIs).")
    feed_updated: str | None = Field(description="When legislation.gov.uk last updated the "
                                                 "record (the listing is as of this date).")
    score: float | None = Field(None, description="Search score (higher is closer).")


class Page(BaseModel, Generic[T]):
    """One page of results; `total` is null when a ranked search has no exact total."""

    items: list[T]
    total: int | None = None
    limit: int
    offset: int
    next_offset: int | None = None
    next: str | None = None


def status_note(status: str | None) -> str:
    if status:
        return f"The official title is marked '{status}'."
    return ("No repeal or revoke marker in the title; check legislation.gov.uk for whether "
            "and where it is in force.")


def _iso(value: Any) -> str | None:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()[:10]
    return str(value)[:10] if value else None


def item_from_row(row: Sequence[Any]) -> LegislationItem:
    """One row of `SELECT` as an item (citation, link and marker worked out)."""
    (type_code, type_name, category, year, number, title, status, date, description, uri,
     _web_url, feed_updated) = row
    marker = title_status(str(title), status)
    number = None if number is None else int(number)
    path = item_id(str(uri))
    return LegislationItem(
        id=path, type=str(type_code), type_name=str(type_name), category=str(category),
        year=int(year), number=number, citation=citation(str(type_code), int(year), number),
        title=str(title), date=_iso(date),
        status="repealed" if marker == "repealed" else "revoked" if marker == "revoked" else None,
        status_note=status_note(marker), url=f"https://www.legislation.gov.uk/{path}",
        description=str(description) if description else None, feed_updated=_iso(feed_updated),
    )
