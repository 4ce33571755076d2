"""Ranking legislation for a question: the semantic pool from Chroma plus items whose
titles share the question's rarer words, scored by meaning, title words and small priors."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from assistant.legislation_models import LegislationItem
from assistant.legislation_store import LegislationStore
from assistant.legislation_words import words
from assistant.settings import Settings
from indexing.embedding import chroma_client, get_collection
from indexing.legislation_docs import LEGISLATION

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

_LOCK = threading.Lock()
_COLLECTIONS: dict[str, Any] = {}

NEW = re.compile(r"\b(new|newest|latest|recent|recently|upcoming|coming in|brought in|introduc"
                 r"\w*|changes?|changing)\b", re.I)


def _collection(settings: Settings) -> Any:
    key = (f"http://{settings.chroma_host}:{settings.chroma_port}"
           if settings.chroma_mode == "http" else str(settings.chroma_path.resolve()))
    with _LOCK:
        if key not in _COLLECTIONS:
            _COLLECTIONS[key] = get_collection(chroma_client(settings), LEGISLATION)
        return _COLLECTIONS[key]


def where_filter(types: list[str] | None, year_from: int | None, year_to: int | None
                 ) -> dict[str, Any] | None:
    """The Chroma `where` for a type and year filter (None when there is none)."""
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


def keeps(item: LegislationItem, types: list[str] | None, year_from: int | None,
          year_to: int | None) -> bool:
    """Does the item pass the type and year filter?"""
    return ((not types or item.type in types)
            and (year_from is None or item.year >= year_from)
            and (year_to is None or item.year <= year_to))


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
    def kept(i: str) -> bool:
        item = store.items.get(i)
        return item is not None and keeps(item, types, year_from, year_to)

    sims = _semantic(settings, vector, where_filter(types, year_from, year_to), POOL)
    asked = {w: store.weight(w) for w in dict.fromkeys(words(text))}
    lexical_ids = {i for w in asked for i in store.postings.get(w, ()) if kept(i)}
    lexical = {i: _lexical(store, asked, i) for i in lexical_ids | set(sims)}
    strongest = sorted(lexical_ids, key=lambda i: (-lexical[i], i))[:LEXICAL_POOL]
    sims.update(_similarities(settings, vector, [i for i in strongest if i not in sims]))
    base = {i: sims.get(i, 0.0) + weights.lexical * lexical.get(i, 0.0)
            for i in set(sims) | set(strongest) if i in store.items}
    support: dict[str, float] = {}
    voters = sorted(base, key=lambda i: (-base[i], i))[:weights.support_top]
    for i in voters:
        for act in store.refs.get(i, ()):
            if kept(act):
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
