"""Legislation search and look-up over the `legislation` table (legislation.gov.uk listing).

`search_legislation` ranks items by meaning (the `ndl_legislation` Chroma collection, with
`where` filters on type and year) and by the question's words (`legislation_ranking`);
`get_legislation` reads one item from DuckDB, read-only, with parameters.

Nothing here says a law is in force: `status` is only the '(repealed)'/'(revoked)' marker
of the official title, and an item without one may still be repealed, amended or not yet
commenced. Every answer built from this module carries `legal_caveat(...)`.
"""

from __future__ import annotations

import duckdb

from assistant.errors import InvalidRequest
from assistant.execution import connect
from assistant.legal_subjects import SubjectMatch
from assistant.legal_terms import expand
from assistant.legislation_models import (
    SELECT,
    LegislationItem,
    Page,
    Status,
    item_from_row,
    status_note,
)
from assistant.legislation_ranking import (
    POOL,
    WEIGHTS,
    Weights,
    keeps,
    rank,
    subjects_for,
    warm,
)
from assistant.legislation_store import LegislationStore, legislation_store
from assistant.resources import Resources

__all__ = [
    "COVERAGE_NOTE", "LEGAL_CAVEAT", "MAX_LIMIT", "POOL", "TYPE_GROUPS", "TYPE_NAMES",
    "WEIGHTS", "LegislationItem", "LegislationStore", "Page", "Status", "Weights",
    "get_legislation", "latest_year", "legal_caveat", "legislation_store", "parse_types",
    "rank", "search_legislation", "status_note", "warm_legislation",
]

LEGAL_CAVEAT = (
    "This is information about legislation and public data, not legal advice. Legislation as "
    "listed on legislation.gov.uk on {updated}; a title without a 'repealed' or 'revoked' "
    "marker does not mean the law is in force."
)
COVERAGE_NOTE = (
    "The list holds UK Public General Acts from 1960, Acts of the Scottish Parliament and the "
    "Northern Ireland Assembly, and UK Statutory Instruments made from 2023 only; older "
    "regulations, Welsh legislation, Scottish SSIs and Northern Ireland statutory rules are "
    "not included."
)
TYPE_NAMES = {
    "ukpga": "UK Public General Act",
    "asp": "Act of the Scottish Parliament",
    "nia": "Act of the Northern Ireland Assembly",
    "uksi": "UK Statutory Instrument",
}
TYPE_GROUPS = {
    "primary": ("ukpga", "asp", "nia"),
    "acts": ("ukpga", "asp", "nia"),
    "secondary": ("uksi",),
    "si": ("uksi",),
}
MAX_LIMIT = 50


def legal_caveat(resources: Resources) -> str:
    """LEGAL_CAVEAT with the date of the newest legislation.gov.uk record in the build."""
    store = legislation_store(resources.settings)
    updated = store.updated.isoformat() if store.updated else "an unknown date"
    return LEGAL_CAVEAT.format(updated=updated)


def warm_legislation(resources: Resources) -> None:
    """The list, its embeddings and the subject index in memory before the first question."""
    settings = resources.settings
    warm(settings, legislation_store(settings))


def latest_year(resources: Resources) -> int | None:
    return legislation_store(resources.settings).latest_year


def parse_types(type_: str | None) -> list[str] | None:
    """'uksi', 'ukpga,asp', 'primary' or 'secondary' → type codes; None means all."""
    if type_ is None or not type_.strip():
        return None
    codes: list[str] = []
    for part in type_.lower().replace(" ", "").split(","):
        if not part:
            continue
        if part in TYPE_NAMES:
            codes.append(part)
        elif part in TYPE_GROUPS:
            codes.extend(TYPE_GROUPS[part])
        else:
            raise InvalidRequest(
                f"Unknown legislation type '{part}'.",
                allowed=[*TYPE_NAMES, "primary", "secondary"])
    return sorted(set(codes))


def _check_request(limit: int, offset: int, year_from: int | None, year_to: int | None
                   ) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidRequest(f"limit must be between 1 and {MAX_LIMIT}.", limit=limit)
    if offset < 0:
        raise InvalidRequest("offset must not be negative.", offset=offset)
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InvalidRequest("year_from is after year_to.", year_from=year_from, year_to=year_to)


def _page(items: list[LegislationItem], total: int | None, limit: int, offset: int,
          available: int) -> Page[LegislationItem]:
    more = offset + limit < available
    return Page[LegislationItem](items=items, total=total, limit=limit, offset=offset,
                                 next_offset=offset + limit if more else None)


def search_legislation(resources: Resources, query: str | None, vector: list[float] | None = None,
                       type: str | None = None, year_from: int | None = None,
                       year_to: int | None = None, limit: int = 10, offset: int = 0,
                       subjects: list[SubjectMatch] | None = None) -> Page[LegislationItem]:
    """Items closest to `query` by meaning and words, filtered by type and year.

    `type` is a type code ('ukpga', 'asp', 'nia', 'uksi'), a comma-separated list of them,
    or 'primary'/'secondary'. Without a query the filtered items are listed newest first,
    with an exact `total`; a ranked search reaches at most `POOL` items and has no total.
    """
    _check_request(limit, offset, year_from, year_to)
    types = parse_types(type)
    settings = resources.settings
    store = legislation_store(settings)
    text = (query or "").strip()
    if not text:
        kept = [store.items[i] for i in store.order
                if keeps(store.items[i], types, year_from, year_to)]
        return _page(kept[offset:offset + limit], len(kept), limit, offset, len(kept))
    if offset + limit > POOL:
        return _page([], None, limit, offset, 0)
    if vector is None:
        vector = resources.embedder.embed_one(text)
    if subjects is None:
        subjects = subjects_for(settings, store, text, vector)  # areas of law, by meaning
    # everyday wording → the words official titles use, for the lexical match only: the
    # subjects already bridge the meaning (embedding the expanded text found no more)
    scored = rank(settings, store, expand(text), vector, types, year_from, year_to,
                  subjects=subjects)
    ranked = [item.model_copy(update={"score": round(score, 4)}) for score, item in scored]
    return _page(ranked[offset:offset + limit], None, limit, offset, min(len(ranked), POOL))


def get_legislation(resources: Resources, type: str, year: int, number: int | str
                    ) -> LegislationItem | None:
    """One item by type code, year and number (or, for the one SI without a number, the
    identifier in its address), read from DuckDB with parameters; None when absent."""
    code = type.strip().lower()
    if code not in TYPE_NAMES:
        return None
    tail = str(number).strip()
    as_int = int(tail) if tail.isdigit() and len(tail) < 10 else None
    con = connect(resources.settings.duckdb_path, resources.settings)
    try:
        row = con.execute(
            SELECT + " WHERE type_code = ? AND year = ? AND "
                     "(number = ? OR (number IS NULL AND legislation_uri = ?)) "
                     "ORDER BY legislation_uri LIMIT 1",
            [code, int(year), as_int,
             f"https://www.legislation.gov.uk/id/{code}/{int(year)}/{tail}"],
        ).fetchone()
    except duckdb.CatalogException:  # a build without the legislation dataset
        row = None
    finally:
        con.close()
    return item_from_row(row) if row else None
