"""Ranking legislation for a question: the semantic pool from Chroma plus items whose
titles share the question's rarer words, scored by meaning, title words and small priors."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
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
    bm25: float = 0.0         # BM25 over title and description, the best candidate = 1
    primary: float = 0.03     # an Act beats the SIs named after it in a near tie
    cited: float = 0.1        # Acts that many other items cite (principal Acts), log-scaled
    support: float = 0.15     # Acts cited by the items that match the question best
    support_top: int = 20     # how many of the best items vote for the Acts they cite
    recency: float = 0.05     # newer items when the question says 'new', 'latest', 'recent'
    consolidation: float = 0.05  # Acts whose long title says they consolidate/restate the law
    derived: float = 0.0      # amending/commencement items, unless the question asks for changes
    marker: float = 0.0       # titles marked repealed or revoked
    nation: float = 0.0       # items for the nation the question names (+), or another (-)
    rrf: float = 0.0          # reciprocal rank fusion of the semantic and BM25 ranks
    rrf_k: int = 60


WEIGHTS = Weights()

_LOCK = threading.Lock()
_COLLECTIONS: dict[str, Any] = {}

NEW = re.compile(r"\b(new|newest|latest|recent|recently|upcoming|coming in|brought in|introduc"
                 r"\w*|changes?|changing)\b", re.I)
CHANGES = re.compile(r"\b(amend\w*|commenc\w*|in force|changes?|changed|changing|revok\w*"
                     r"|revocation|updat\w*|rais\w*|increas\w*|new rates?)\b", re.I)
NATIONS = {"scotland": re.compile(r"\b(scotland|scottish)\b", re.I),
           "northern ireland": re.compile(r"\bnorthern (ireland|irish)\b", re.I),
           "wales": re.compile(r"\b(wales|welsh)\b", re.I),
           "england": re.compile(r"\b(england|english)\b", re.I)}


@dataclass(frozen=True)
class Wording:
    """What the question asks for beyond its subject."""

    new: bool            # 'new', 'latest', 'recent'
    changes: bool        # amendments, commencement, changes to rates
    nations: frozenset[str]

    @classmethod
    def read(cls, text: str) -> Wording:
        return cls(new=bool(NEW.search(text)), changes=bool(CHANGES.search(text)),
                   nations=frozenset(n for n, p in NATIONS.items() if p.search(text)))


@dataclass
class Signals:
    """Per candidate: cosine similarity, title-word match, BM25 (0..1) and their ranks."""

    semantic: dict[str, float]
    title: dict[str, float]
    bm25: dict[str, float]
    support: dict[str, float] = field(default_factory=dict)


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


def _gather(settings: Settings, store: LegislationStore, text: str, vector: list[float],
            allowed: dict[str, LegislationItem], where: dict[str, Any] | None) -> Signals:
    """The candidates: the semantic pool, and the items whose title words or BM25 over
    title and description match best; each with all three signals."""
    sims = _semantic(settings, vector, where, POOL)
    asked = {w: store.weight(w) for w in dict.fromkeys(words(text))}
    title_ids = {i for w in asked for i in store.postings.get(w, ()) if i in allowed}
    title = {i: _lexical(store, asked, i) for i in title_ids | set(sims)}
    strongest = sorted(title_ids, key=lambda i: (-title[i], i))[:LEXICAL_POOL]
    raw = store.bm25.scores(asked, allowed) if store.bm25 else {}
    best = max(raw.values(), default=0.0) or 1.0
    bm25 = {i: v / best for i, v in raw.items()}
    top_bm25 = sorted(bm25, key=lambda i: (-bm25[i], i))[:LEXICAL_POOL]
    wanted = [i for i in dict.fromkeys(strongest + top_bm25) if i not in sims]
    sims.update(_similarities(settings, vector, wanted))
    for i in wanted:
        sims.setdefault(i, 0.0)
    signals = Signals(semantic=sims, title=title, bm25=bm25)
    signals.title.update({i: _lexical(store, asked, i) for i in sims if i not in title})
    return signals


def _ranks(values: dict[str, float]) -> dict[str, int]:
    order = sorted(values, key=lambda i: (-values[i], i))
    return {i: r for r, i in enumerate(order, start=1)}


def _fuse(signals: Signals, weights: Weights) -> dict[str, float]:
    """Meaning and words in one number: a weighted sum, plus reciprocal rank fusion."""
    ids = [i for i in signals.semantic if i]
    base = {i: signals.semantic[i] + weights.lexical * signals.title.get(i, 0.0)
            + weights.bm25 * signals.bm25.get(i, 0.0) for i in ids}
    if weights.rrf:
        k = weights.rrf_k
        sem = _ranks({i: signals.semantic[i] for i in ids})
        lex = _ranks({i: signals.bm25[i] for i in ids if i in signals.bm25})
        for i in ids:
            fused = 1 / (k + sem[i]) + (1 / (k + lex[i]) if i in lex else 0.0)
            base[i] += weights.rrf * (k + 1) / 2 * fused
    return base


def _add_support(settings: Settings, store: LegislationStore, text: str, vector: list[float],
                 signals: Signals, allowed: dict[str, LegislationItem],
                 base: dict[str, float], weights: Weights) -> None:
    """The Acts the best-matching items cite get a vote each (and join the candidates)."""
    voters = sorted(base, key=lambda i: (-base[i], i))[:weights.support_top]
    for i in voters:
        for act in store.refs.get(i, ()):
            if act in allowed:
                signals.support[act] = signals.support.get(act, 0.0) + 1.0
    missing = [a for a in signals.support if a not in base]
    if not missing:
        return
    asked = {w: store.weight(w) for w in dict.fromkeys(words(text))}
    extra = _similarities(settings, vector, missing)
    for a in missing:
        signals.semantic[a] = extra.get(a, 0.0)
        signals.title[a] = _lexical(store, asked, a)
    base.update(_fuse(Signals(semantic={a: signals.semantic[a] for a in missing},
                              title=signals.title, bm25=signals.bm25), weights))


def _prior(store: LegislationStore, item: LegislationItem, signals: Signals, wording: Wording,
           weights: Weights) -> float:
    """What is known about the item apart from the question's subject."""
    score = weights.support * min(1.0, signals.support.get(item.id, 0.0) / 3)
    if item.category == "primary":
        score += weights.primary + weights.cited * store.cited.get(item.id, 0.0)
        if item.id in store.consolidating:
            score += weights.consolidation
    if wording.new:
        score += weights.recency * max(0.0, 1 - ((store.latest_year or 0) - item.year) / 5)
    if item.id in store.derived and not wording.changes:
        score -= weights.derived
    if item.status:
        score -= weights.marker
    nation = store.nation.get(item.id)
    if nation in wording.nations:
        score += weights.nation
    elif nation and nation != "england":
        score -= weights.nation
    return score


def rank(settings: Settings, store: LegislationStore, text: str, vector: list[float],
         types: list[str] | None, year_from: int | None, year_to: int | None,
         weights: Weights = WEIGHTS) -> list[tuple[float, LegislationItem]]:
    """Every candidate with its score, best first.

    The score is the cosine similarity plus the question's words in the title and in the
    description (BM25), plus priors: Acts over SIs, Acts widely cited, Acts cited by the
    best-matching items (the Act behind the regulations that match), newer items when the
    question asks for something new, principal items over the amending and commencement
    ones unless it asks for changes, no repeal marker, and the nation it names.
    """
    allowed = {i: item for i, item in store.items.items()
               if keeps(item, types, year_from, year_to)}
    where = where_filter(types, year_from, year_to)
    signals = _gather(settings, store, text, vector, allowed, where)
    base = _fuse(signals, weights)
    _add_support(settings, store, text, vector, signals, allowed, base, weights)
    wording = Wording.read(text)
    scored = [(score + _prior(store, store.items[i], signals, wording, weights), store.items[i])
              for i, score in base.items() if i in store.items]
    scored.sort(key=lambda si: (-si[0], -si[1].year, si[1].id))
    return scored
