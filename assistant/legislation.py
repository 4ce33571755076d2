"""Legislation search and look-up over the `legislation` table (legislation.gov.uk listing).

`search_legislation` ranks items by meaning (the `ndl_legislation` Chroma collection, with
`where` filters on type and year) plus a lexical boost for the question's words in the
official title; `get_legislation` reads one item from DuckDB, read-only, with parameters.

Nothing here says a law is in force: `status` is only the '(repealed)'/'(revoked)' marker
of the official title, and an item without one may still be repealed, amended or not yet
commenced. Every answer built from this module carries `legal_caveat(...)`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

import duckdb
from pydantic import BaseModel, Field

from assistant.errors import InvalidRequest
from assistant.execution import connect
from assistant.legal_terms import expand
from assistant.resources import Resources
from assistant.settings import Settings
from indexing.embedding import chroma_client, get_collection
from indexing.legislation_docs import LEGISLATION, citation, item_id, title_status

T = TypeVar("T")

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
POOL = 200            # semantic candidates fetched per search (and the deepest page reachable)
LEXICAL_POOL = 200    # title-word candidates scored per search


@dataclass(frozen=True)
class Weights:
    """How the signals add up to a score (cosine similarity counts 1)."""

    lexical: float = 0.3      # the question's words in the official title
    primary: float = 0.03     # an Act beats the SIs named after it in a near tie
    cited: float = 0.1        # Acts that many other items cite (principal Acts), log-scaled
    support: float = 0.15     # Acts cited by the items that match the question best
    support_top: int = 20     # how many of the best items vote for the Acts they cite
    recency: float = 0.05     # newer items when the question says 'new', 'latest', 'recent'
    consolidation: float = 0.05  # Acts whose long title says they consolidate/restate the law


WEIGHTS = Weights()

Status = Literal["repealed", "revoked"]


# --------------------------------------------------------------------------- models


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


# --------------------------------------------------------------------------- words

WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = """
a an the of in on for to and or by with at from as is are was were be been being it its this
that these those there their them they we our us you your i me my mine he she his her what
which who whom whose how when where why do does did doing done have has had having can could
shall should will would may might must not no nor so than too very any all some each other
such only own same also about into over under after before since until between during per
etc made make makes passed pass new latest recent recently current currently now today year
years month months act acts law laws legislation legal rule rules regulation regulations order
orders statutory instrument instruments si sis uk united kingdom deal deals dealing cover
covers covering govern governs governing apply applies applying affect affects affecting
need needs needed require requires required requirement requirements follow set sets say says
said tell know find show list get want like business businesses anything something thing
things there here provision provisions
"""
STOP = frozenset(_STOP_WORDS.split())


def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Content words, lower-cased and lightly stemmed; numbers and stop words dropped."""
    text = text.lower().replace("’", "'").replace("'s", "").replace("'", "")
    return [stem(w) for w in WORD.findall(text) if not w.isdigit() and w not in STOP]


# --------------------------------------------------------------------------- the store


@dataclass
class LegislationStore:
    """The whole table in memory (about 8,000 short rows) with a title-word index."""

    items: dict[str, LegislationItem]
    title_words: dict[str, frozenset[str]]
    postings: dict[str, set[str]]
    idf: dict[str, float]
    updated: dt.date | None
    latest_year: int | None
    max_idf: float = 0.0
    order: list[str] = field(default_factory=list)  # newest first, for unranked listings
    refs: dict[str, frozenset[str]] = field(default_factory=dict)  # item → Acts it cites
    cited: dict[str, float] = field(default_factory=dict)  # Act → 0..1, how often cited
    consolidating: frozenset[str] = frozenset()  # Acts that consolidate or restate the law

    def weight(self, word: str) -> float:
        return self.idf.get(word, self.max_idf)


_LOCK = threading.Lock()
_STORES: dict[tuple[str, int], LegislationStore] = {}
_COLLECTIONS: dict[str, Any] = {}

SELECT = ("SELECT type_code, type_name, category, year, number, title, status, date_enacted, "
          "description, legislation_uri, web_url, feed_updated FROM legislation")


def _iso(value: Any) -> str | None:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()[:10]
    return str(value)[:10] if value else None


def _item(row: Sequence[Any]) -> LegislationItem:
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


ACT_REFERENCE = re.compile(r"\bAct(?: \([^()]{1,40}\))? (1[89]\d\d|20\d\d)\b")
CONSOLIDATES = re.compile(r"\b(consolidat(e|es|ing|ion)|restate)\b", re.I)
MARKER = re.compile(r"\s*\((repealed|revoked)[^()]*\)\s*$", re.I)


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


def _load_store(settings: Settings) -> LegislationStore:
    con = connect(settings.duckdb_path, settings)
    try:
        rows = con.execute(SELECT + " ORDER BY year DESC, number DESC NULLS LAST, "
                                    "legislation_uri").fetchall()
    except duckdb.CatalogException:  # a build without the legislation dataset
        rows = []
    finally:
        con.close()
    items = {}
    title_words: dict[str, frozenset[str]] = {}
    postings: dict[str, set[str]] = {}
    for row in rows:
        item = _item(row)
        items[item.id] = item
        bag = frozenset(words(MARKER.sub("", item.title)))
        title_words[item.id] = bag
        for w in bag:
            postings.setdefault(w, set()).add(item.id)
    n = max(1, len(items))
    idf = {w: math.log(1 + (n - len(ids) + 0.5) / (len(ids) + 0.5)) for w, ids in postings.items()}
    dates = [dt.date.fromisoformat(i.feed_updated) for i in items.values() if i.feed_updated]
    refs = _references(items)
    counts: dict[str, int] = {}
    for acts in refs.values():
        for act in acts:
            counts[act] = counts.get(act, 0) + 1
    most = math.log1p(max(counts.values(), default=1))
    return LegislationStore(
        items=items, title_words=title_words, postings=postings, idf=idf,
        updated=max(dates) if dates else None,
        latest_year=max((i.year for i in items.values()), default=None),
        max_idf=math.log(1 + (n + 0.5) / 0.5), order=list(items), refs=refs,
        cited={a: math.log1p(c) / most for a, c in counts.items()},
        consolidating=frozenset(i.id for i in items.values() if i.category == "primary"
                                and CONSOLIDATES.search(i.description or "")),
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


def _collection(settings: Settings) -> Any:
    key = (f"http://{settings.chroma_host}:{settings.chroma_port}"
           if settings.chroma_mode == "http" else str(settings.chroma_path.resolve()))
    with _LOCK:
        if key not in _COLLECTIONS:
            _COLLECTIONS[key] = get_collection(chroma_client(settings), LEGISLATION)
        return _COLLECTIONS[key]


def legal_caveat(resources: Resources) -> str:
    """LEGAL_CAVEAT with the date of the newest legislation.gov.uk record in the build."""
    store = legislation_store(resources.settings)
    updated = store.updated.isoformat() if store.updated else "an unknown date"
    return LEGAL_CAVEAT.format(updated=updated)


# --------------------------------------------------------------------------- filters


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


def _check_years(year_from: int | None, year_to: int | None) -> None:
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InvalidRequest("year_from is after year_to.", year_from=year_from, year_to=year_to)


def _where(types: list[str] | None, year_from: int | None, year_to: int | None
           ) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if types:
        clauses.append({"type_code": {"$in": types}})
    if year_from is not None:
        clauses.append({"year": {"$gte": year_from}})
    if year_to is not None:
        clauses.append({"year": {"$lte": year_to}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _keeps(item: LegislationItem, types: list[str] | None, year_from: int | None,
           year_to: int | None) -> bool:
    return ((not types or item.type in types)
            and (year_from is None or item.year >= year_from)
            and (year_to is None or item.year <= year_to))


# --------------------------------------------------------------------------- search


def _lexical(store: LegislationStore, asked: dict[str, float], item_id_: str) -> float:
    """Share of the question's (IDF-weighted) words in the title, tempered by how much of
    the title the question leaves unasked — so 'Renters' Rights Act 2025' beats the
    'Renters' Rights Act 2025 (Commencement No. 2 …) Regulations' for 'renters' rights'."""
    title = store.title_words.get(item_id_, frozenset())
    if not asked or not title:
        return 0.0
    shared = sum(w for t, w in asked.items() if t in title)
    if not shared:
        return 0.0
    question_cover = shared / sum(asked.values())
    title_cover = shared / sum(store.weight(t) for t in title)
    return question_cover * (0.6 + 0.4 * title_cover)


def _semantic(settings: Settings, vector: list[float], where: dict[str, Any] | None,
              n: int) -> dict[str, float]:
    collection = _collection(settings)
    if collection.count() == 0:
        return {}
    kwargs: dict[str, Any] = {"query_embeddings": [vector], "n_results": n,
                              "include": ["distances"]}
    if where:
        kwargs["where"] = where
    result = collection.query(**kwargs)
    ids = (result.get("ids") or [[]])[0]
    distances = (result.get("distances") or [[]])[0]
    return {i: 1.0 - float(d) for i, d in zip(ids, distances, strict=False)}


def _similarities(settings: Settings, vector: list[float], ids: Iterable[str]
                  ) -> dict[str, float]:
    """Cosine similarity of items outside the semantic pool (stored vectors are unit length)."""
    wanted = list(ids)
    if not wanted:
        return {}
    got = _collection(settings).get(ids=wanted, include=["embeddings"])
    out = {}
    embeddings = got.get("embeddings")
    if embeddings is None:
        return {}
    for i, emb in zip(got.get("ids") or [], embeddings, strict=False):
        out[str(i)] = float(sum(a * b for a, b in zip(vector, emb, strict=False)))
    return out


def _page(items: list[LegislationItem], total: int | None, limit: int, offset: int,
          available: int) -> Page[LegislationItem]:
    more = offset + limit < available
    return Page[LegislationItem](items=items, total=total, limit=limit, offset=offset,
                                 next_offset=offset + limit if more else None)


def search_legislation(resources: Resources, query: str | None, vector: list[float] | None = None,
                       type: str | None = None, year_from: int | None = None,
                       year_to: int | None = None, limit: int = 10, offset: int = 0
                       ) -> Page[LegislationItem]:
    """Items closest to `query` by meaning and title words, filtered by type and year.

    `type` is a type code ('ukpga', 'asp', 'nia', 'uksi'), a comma-separated list of them,
    or 'primary'/'secondary'. Without a query the filtered items are listed newest first,
    with an exact `total`; a ranked search reaches at most `POOL` items and has no total.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidRequest(f"limit must be between 1 and {MAX_LIMIT}.", limit=limit)
    if offset < 0:
        raise InvalidRequest("offset must not be negative.", offset=offset)
    types = parse_types(type)
    _check_years(year_from, year_to)
    settings = resources.settings
    store = legislation_store(settings)
    text = (query or "").strip()
    if not text:
        kept = [store.items[i] for i in store.order
                if _keeps(store.items[i], types, year_from, year_to)]
        return _page(kept[offset:offset + limit], len(kept), limit, offset, len(kept))
    if offset + limit > POOL:
        return _page([], None, limit, offset, 0)
    expanded = expand(text)  # everyday wording → the words official titles use
    if vector is None or expanded != text:
        vector = resources.embedder.embed_one(expanded)
    scored = rank(settings, store, expanded, vector, types, year_from, year_to)
    ranked = [item.model_copy(update={"score": round(score, 4)}) for score, item in scored]
    return _page(ranked[offset:offset + limit], None, limit, offset, min(len(ranked), POOL))


NEW = re.compile(r"\b(new|newest|latest|recent|recently|upcoming|coming in|brought in|introduc"
                 r"\w*|changes?|changing)\b", re.I)


def rank(settings: Settings, store: LegislationStore, text: str, vector: list[float],
         types: list[str] | None, year_from: int | None, year_to: int | None,
         weights: Weights = WEIGHTS) -> list[tuple[float, LegislationItem]]:
    """Every candidate with its score, best first.

    Candidates are the semantic pool (Chroma, filtered) and the items whose titles share the
    question's rarer words. The score adds to the cosine similarity: the title-word match;
    a small prior for Acts; how widely the Act is cited by other items; the support of the
    best-matching items that cite it (the Act behind the regulations that match); and, when
    the question asks for something new, recency.
    """
    def keeps(i: str) -> bool:
        item = store.items.get(i)
        return item is not None and _keeps(item, types, year_from, year_to)

    sims = _semantic(settings, vector, _where(types, year_from, year_to), POOL)
    asked = {w: store.weight(w) for w in dict.fromkeys(words(text))}
    lexical_ids = {i for w in asked for i in store.postings.get(w, ()) if keeps(i)}
    lexical = {i: _lexical(store, asked, i) for i in lexical_ids | set(sims)}
    strongest = sorted(lexical_ids, key=lambda i: (-lexical[i], i))[:LEXICAL_POOL]
    sims.update(_similarities(settings, vector, [i for i in strongest if i not in sims]))
    base = {i: sims.get(i, 0.0) + weights.lexical * lexical.get(i, 0.0)
            for i in set(sims) | set(strongest) if i in store.items}
    support: dict[str, float] = {}
    voters = sorted(base, key=lambda i: (-base[i], i))[:weights.support_top]
    for i in voters:
        for act in store.refs.get(i, ()):
            if keeps(act):
                support[act] = support.get(act, 0.0) + 1.0
    missing = [a for a in support if a not in base]
    if missing:
        extra = _similarities(settings, vector, missing)
        for a in missing:
            lexical[a] = _lexical(store, asked, a)
            base[a] = extra.get(a, 0.0) + weights.lexical * lexical[a]
    newest = store.latest_year or 0
    wants_new = bool(NEW.search(text))
    scored = []
    for i, score in base.items():
        item = store.items[i]
        if item.category == "primary":
            score += weights.primary + weights.cited * store.cited.get(i, 0.0)
            if i in store.consolidating:
                score += weights.consolidation
        score += weights.support * min(1.0, support.get(i, 0.0) / 3)
        if wants_new:
            score += weights.recency * max(0.0, 1 - (newest - item.year) / 5)
        scored.append((score, item))
    scored.sort(key=lambda si: (-si[0], -si[1].year, si[1].id))
    return scored


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
    return _item(row) if row else None


def latest_year(resources: Resources) -> int | None:
    return legislation_store(resources.settings).latest_year
