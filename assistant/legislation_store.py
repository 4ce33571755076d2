"""The `legislation` table in memory (about 8,000 short rows), loaded once per built
database: the items, a BM25 index of their words, which Acts each item cites (so the Act
behind matching regulations can be found) and which nation an item is for."""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
from dataclasses import dataclass, field

import duckdb

from assistant.execution import connect
from assistant.legislation_lexical import Bm25Index, build_bm25
from assistant.legislation_models import SELECT, LegislationItem, item_from_row
from assistant.legislation_words import words
from assistant.settings import Settings


@dataclass
class LegislationStore:
    """The whole table with what ranking needs to know about each item."""

    items: dict[str, LegislationItem]
    updated: dt.date | None
    latest_year: int | None
    order: list[str] = field(default_factory=list)  # newest first, for unranked listings
    refs: dict[str, frozenset[str]] = field(default_factory=dict)  # item → Acts it cites
    cited: dict[str, float] = field(default_factory=dict)  # Act → 0..1, how often cited
    consolidating: frozenset[str] = frozenset()  # Acts that consolidate or restate the law
    bm25: Bm25Index | None = None  # title and long title / explanatory note words
    nation: dict[str, str] = field(default_factory=dict)  # items for one nation only
    superseded: frozenset[str] = frozenset()  # Acts a later Act of the name consolidates


_LOCK = threading.Lock()
_STORES: dict[tuple[str, int], LegislationStore] = {}

ACT_REFERENCE = re.compile(r"\bAct(?: \([^()]{1,40}\))? (1[89]\d\d|20\d\d)\b")
CONSOLIDATES = re.compile(r"\b(consolidat(e|es|ing|ion)|restate)\b", re.I)
MARKER = re.compile(r"\s*\((repealed|revoked)[^()]*\)\s*$", re.I)
NATION_TITLE = {"scotland": re.compile(r"\(Scotland\)"),
                "northern ireland": re.compile(r"\(Northern Ireland\)"),
                "wales": re.compile(r"\(Wales\)"), "england": re.compile(r"\(England\)")}
NATION_TYPE = {"asp": "scotland", "nia": "northern ireland"}
YEAR = re.compile(r"\s*\b(1[89]\d\d|20\d\d)\s*$")
CONSOLIDATION = re.compile(r"^\W*(an act (of the scottish parliament )?to )?(consolidate|restate)",
                           re.I)
AMENDMENT = re.compile(r"\s+\(?amendment\)?(?= act\b)", re.I)


def _plain(text: str) -> str:
    text = " ".join(text.lower().replace("’", "'").split()).lstrip("(“\"'")
    return text.removeprefix("the ")


def _references(items: dict[str, LegislationItem]) -> dict[str, frozenset[str]]:
    """The Acts each item names in its title or description ('… the Companies Act 2006 (c.
    46) …'), matched against the official titles of the Acts in the list."""
    acts: dict[str, str] = {}
    for item in items.values():
        if item.category == "primary":
            acts.setdefault(_plain(MARKER.sub("", item.title)), item.id)
    refs: dict[str, frozenset[str]] = {}
    for item in items.values():
        text = f"{item.title} . {item.description or ''}"
        found = set()
        for match in ACT_REFERENCE.finditer(text):
            before = text[max(0, match.start() - 160):match.start()].split()
            for k in range(min(14, len(before)), 0, -1):
                act = acts.get(_plain(" ".join(before[-k:]) + " " + match.group(0)))
                if act:
                    found.add(act)
                    break
        found.discard(item.id)
        if found:
            refs[item.id] = frozenset(found)
    return refs


def _read_items(settings: Settings) -> dict[str, LegislationItem]:
    con = connect(settings.duckdb_path, settings)
    try:
        rows = con.execute(SELECT + " ORDER BY year DESC, number DESC NULLS LAST, "
                                    "legislation_uri").fetchall()
    except duckdb.CatalogException:  # a build without the legislation dataset
        rows = []
    finally:
        con.close()
    items = [item_from_row(row) for row in rows]
    return {item.id: item for item in items}


def _nation(item: LegislationItem) -> str | None:
    """The one nation an item is for: its legislature's, or the one its title names."""
    if item.type in NATION_TYPE:
        return NATION_TYPE[item.type]
    return next((n for n, p in NATION_TITLE.items() if p.search(item.title)), None)


def _name(item: LegislationItem) -> str | None:
    """An Act's short title without its year or an 'Amendment': 'limitation act'."""
    title = MARKER.sub("", item.title)
    match = YEAR.search(title)
    return _plain(AMENDMENT.sub("", title[:match.start()])) if match else None


def _superseded(items: dict[str, LegislationItem]) -> frozenset[str]:
    """Acts of the same name as a later Act that consolidates or restates the law (the
    Limitation Acts 1963 and 1975 and the Limitation Amendment Act 1980 beside the Limitation
    Act 1980): a consolidation repeals what it restates, even when the title has no marker."""
    latest: dict[str, tuple[int, int]] = {}
    consolidations = {i for i, item in items.items() if item.category == "primary"
                      and CONSOLIDATION.search(item.description or "")}
    for i in consolidations:
        if name := _name(items[i]):
            latest[name] = max(latest.get(name, (0, 0)), (items[i].year, items[i].number or 0))
    return frozenset(
        i for i, item in items.items()
        if item.category == "primary" and i not in consolidations
        and (name := _name(item)) in latest and (item.year, item.number or 0) < latest[name])


def _lexical_index(items: dict[str, LegislationItem]) -> Bm25Index:
    return build_bm25({i: (words(MARKER.sub("", it.title)), words(it.description or ""))
                       for i, it in items.items()})


def _load_store(settings: Settings) -> LegislationStore:
    items = _read_items(settings)
    dates = [dt.date.fromisoformat(i.feed_updated) for i in items.values() if i.feed_updated]
    refs = _references(items)
    counts: dict[str, int] = {}
    for acts in refs.values():
        for act in acts:
            counts[act] = counts.get(act, 0) + 1
    most = math.log1p(max(counts.values(), default=1))
    return LegislationStore(
        items=items, updated=max(dates) if dates else None,
        latest_year=max((i.year for i in items.values()), default=None),
        order=list(items), refs=refs,
        cited={a: math.log1p(c) / most for a, c in counts.items()},
        consolidating=frozenset(i.id for i in items.values() if i.category == "primary"
                                and CONSOLIDATES.search(i.description or "")),
        bm25=_lexical_index(items),
        nation={i: where for i, item in items.items() if (where := _nation(item))},
        superseded=_superseded(items),
    )


def legislation_store(settings: Settings) -> LegislationStore:
    """Loaded once per built database (reloaded when `ndl index` swaps the file)."""
    path = settings.duckdb_path
    key = (str(path.resolve()), path.stat().st_mtime_ns if path.exists() else 0)
    with _LOCK:
        store = _STORES.get(key)
        if store is None:
            store = _load_store(settings)
            _STORES.clear()
            _STORES[key] = store
        return store
