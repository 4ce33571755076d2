"""Ranking legislation for a question: hybrid retrieval (the semantic pool from Chroma and
the best BM25 matches over titles and descriptions), scored by meaning plus words plus small
priors about the item (principal Acts, the Act behind matching regulations, repeal markers,
the nation and kind of legislation the question names)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from assistant.legal_subjects import (
    SUBJECTS,
    Choice,
    Closeness,
    SubjectMatch,
    choose,
    lifted,
)
from assistant.legislation_models import LegislationItem
from assistant.legislation_store import LegislationStore
from assistant.legislation_words import words
from assistant.settings import Settings
from indexing.embedding import chroma_client, get_collection
from indexing.legislation_docs import LEGISLATION

POOL = 200            # semantic candidates fetched per search (and the deepest page reachable)
LEXICAL_POOL = 200    # BM25 candidates scored per search


@dataclass(frozen=True)
class Weights:
    """How the signals add up to a score (cosine similarity counts 1). Chosen on the dev
    cases of evals/cases/legal_search.yaml (see docs/legal.md for what each one is worth)."""

    bm25: float = 0.4         # BM25 over title and description, the best candidate = 1
    primary: float = 0.05     # an Act beats the SIs named after it in a near tie
    cited: float = 0.15       # Acts that many other items cite (principal Acts), log-scaled
    support: float = 0.3      # Acts cited by the items that match the question best
    support_top: int = 20     # how many of the best items vote for the Acts they cite
    recency: float = 0.05     # newer items when the question says 'new', 'latest', 'recent'
    consolidation: float = 0.05  # Acts whose long title says they consolidate/restate the law
    marker: float = 0.1       # titles marked repealed or revoked
    superseded: float = 0.1   # Acts a later Act of the same name consolidates (no marker)
    nation: float = 0.1       # items for the nation the question names (+), or another (-)
    kind: float = 0.05        # the kind asked for: 'regulations'/'order' → SIs, 'Act' → Acts
    subject: float = 1.0      # the principal legislation of the subjects the question is about
    subject_decay: float = 0.7  # each further item of a subject's list counts this much less


WEIGHTS = Weights()
CHOICE = Choice()  # which subjects of the index count for a question

_LOCK = threading.Lock()
_INDEXES: dict[str, _Index] = {}  # per Chroma location

NEW = re.compile(r"\b(new|newest|latest|recent|recently|upcoming|coming in|brought in|introduc"
                 r"\w*|changes?|changing)\b", re.I)
ASKS_SI = re.compile(r"\b(regulations|statutory instruments?|SIs|(which|what|an|the) orders?)\b",
                     re.I)
ASKS_ACT = re.compile(r"\b(acts?|statutes?)\b(?! (as|on|for|in|to|quickly|now)\b)", re.I)
NATIONS = {"scotland": re.compile(r"\b(scotland|scottish)\b", re.I),
           "northern ireland": re.compile(r"\bnorthern (ireland|irish)\b", re.I),
           "wales": re.compile(r"\b(wales|welsh)\b", re.I),
           "england": re.compile(r"\b(england|english)\b", re.I)}


@dataclass(frozen=True)
class Wording:
    """What the question asks for beyond its subject."""

    new: bool                # 'new', 'latest', 'recent'
    nations: frozenset[str]  # the nations it names
    kind: str | None = None  # 'primary' when it asks for an Act, 'secondary' for regulations

    @classmethod
    def read(cls, text: str) -> Wording:
        si, act = bool(ASKS_SI.search(text)), bool(ASKS_ACT.search(text))
        return cls(new=bool(NEW.search(text)),
                   nations=frozenset(n for n, p in NATIONS.items() if p.search(text)),
                   kind="secondary" if si and not act else "primary" if act and not si else None)


@dataclass
class Signals:
    """Per candidate: cosine similarity and BM25 (0..1); per Act, the votes of the best
    matches that cite it."""

    semantic: dict[str, float]
    bm25: dict[str, float]
    support: dict[str, float] = field(default_factory=dict)
    subject: dict[str, float] = field(default_factory=dict)  # lift from the subject index


@dataclass
class _Index:
    """The legislation collection of one built index, what never changes under a running
    process: its size, and its embeddings (read on first need, ~13 MB) for exact similarity
    of items outside the semantic pool."""

    collection: Any
    store: LegislationStore  # the build it belongs to: a new build gets a new _Index
    count: int
    subjects: Any  # the `ndl_legal_subjects` collection
    rows: dict[str, int] = field(default_factory=dict)
    matrix: NDArray[np.float32] | None = None
    closeness: Closeness | None = None
    # one reader at a time: concurrent requests of a fresh worker would each fetch all the
    # embeddings (seen as 15 s stalls and +700 MB under 32 clients)
    loading: threading.Lock = field(default_factory=threading.Lock)

    def subject_closeness(self) -> Closeness:
        """The subject index's sample questions (read again while the index has none)."""
        with self.loading:
            if self.closeness is None or not self.closeness.ids:
                self.closeness = Closeness.of(self.subjects.get(include=["embeddings",
                                                                          "metadatas"]))
            return self.closeness

    def vectors(self) -> tuple[dict[str, int], NDArray[np.float32]]:
        with self.loading:
            if self.matrix is None:
                got = self.collection.get(include=["embeddings"])
                embeddings = got.get("embeddings")
                ids = [str(i) for i in got.get("ids") or []]
                self.rows = {i: n for n, i in enumerate(ids)}
                self.matrix = (np.asarray(embeddings, dtype=np.float32) if ids and embeddings
                               is not None else np.zeros((0, 0), dtype=np.float32))
            return self.rows, self.matrix


def _index(settings: Settings, store: LegislationStore) -> _Index:
    key = (f"http://{settings.chroma_host}:{settings.chroma_port}"
           if settings.chroma_mode == "http" else str(settings.chroma_path.resolve()))
    with _LOCK:
        index = _INDEXES.get(key)
        if index is None or index.store is not store:
            client = chroma_client(settings)
            collection = get_collection(client, LEGISLATION)
            index = _INDEXES[key] = _Index(collection, store, collection.count(),
                                           get_collection(client, SUBJECTS))
        return index


def forget_indexes() -> None:
    """Read the collections afresh on next use (the background index has finished)."""
    with _LOCK:
        _INDEXES.clear()


def warm(settings: Settings, store: LegislationStore) -> None:
    """Read what a legal search needs before the first request does (each worker)."""
    index = _index(settings, store)
    index.vectors()
    index.subject_closeness()


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


def _semantic(index: _Index, vector: list[float], where: dict[str, Any] | None,
              n: int) -> dict[str, float]:
    collection = index.collection
    if index.count == 0:
        return {}
    kwargs: dict[str, Any] = {"query_embeddings": [vector], "n_results": n,
                              "include": ["distances"]}
    if where:
        kwargs["where"] = where
    result = collection.query(**kwargs)
    ids = (result.get("ids") or [[]])[0]
    distances = (result.get("distances") or [[]])[0]
    return {i: 1.0 - float(d) for i, d in zip(ids, distances, strict=False)}


def _similarities(index: _Index, vector: list[float], ids: Iterable[str]) -> dict[str, float]:
    """Cosine similarity of items outside the semantic pool (stored vectors are unit length)."""
    rows, matrix = index.vectors()
    wanted = [i for i in ids if i in rows]
    if not wanted:
        return {}
    dots = matrix[[rows[i] for i in wanted]] @ np.asarray(vector, dtype=np.float32)
    return {i: float(d) for i, d in zip(wanted, dots, strict=True)}


def _gather(index: _Index, store: LegislationStore, text: str, vector: list[float],
            allowed: dict[str, LegislationItem], where: dict[str, Any] | None) -> Signals:
    """The candidates: the semantic pool and the best BM25 matches, each with both signals."""
    sims = _semantic(index, vector, where, POOL)
    raw = store.bm25.scores(words(text), allowed) if store.bm25 else {}
    best = max(raw.values(), default=0.0) or 1.0
    bm25 = {i: v / best for i, v in raw.items()}
    lexical = sorted(bm25, key=lambda i: (-bm25[i], i))[:LEXICAL_POOL]
    wanted = [i for i in lexical if i not in sims]
    sims.update(_similarities(index, vector, wanted))
    for i in wanted:
        sims.setdefault(i, 0.0)
    return Signals(semantic=sims, bm25=bm25)


def _base(signals: Signals, ids: Iterable[str], weights: Weights) -> dict[str, float]:
    """Meaning and words in one number."""
    return {i: signals.semantic.get(i, 0.0) + weights.bm25 * signals.bm25.get(i, 0.0)
            for i in ids}


def _add_support(index: _Index, store: LegislationStore, vector: list[float],
                 signals: Signals, allowed: dict[str, LegislationItem],
                 base: dict[str, float], weights: Weights) -> None:
    """The Acts the best-matching items cite get a vote each (and join the candidates)."""
    voters = sorted(base, key=lambda i: (-base[i], i))[:weights.support_top]
    for i in voters:
        for act in store.refs.get(i, ()):
            if act in allowed:
                signals.support[act] = signals.support.get(act, 0.0) + 1.0
    missing = [a for a in signals.support if a not in base]
    if missing:
        signals.semantic.update(_similarities(index, vector, missing))
        base.update(_base(signals, missing, weights))


def subjects_for(settings: Settings, store: LegislationStore, question: str,
                 vector: list[float], choice: Choice = CHOICE) -> list[SubjectMatch]:
    """The areas of business law the question is about (compared by meaning with the
    subject index's sample questions, nudged by their everyday wording)."""
    closeness = _index(settings, store).subject_closeness()
    return choose(closeness.scores(vector), question, choice)


def _add_subjects(index: _Index, vector: list[float], signals: Signals,
                  allowed: dict[str, LegislationItem], base: dict[str, float],
                  lift: dict[str, float], weights: Weights) -> None:
    """The subjects' legislation joins the candidates with its lift."""
    signals.subject = {i: v for i, v in lift.items() if i in allowed}
    missing = [i for i in signals.subject if i not in base]
    if missing:
        signals.semantic.update(_similarities(index, vector, missing))
        base.update(_base(signals, missing, weights))


def _prior(store: LegislationStore, item: LegislationItem, signals: Signals, wording: Wording,
           weights: Weights) -> float:
    """What is known about the item apart from the question's words."""
    score = weights.support * min(1.0, signals.support.get(item.id, 0.0) / 3)
    score += weights.subject * signals.subject.get(item.id, 0.0)
    if item.category == "primary":
        score += weights.primary + weights.cited * store.cited.get(item.id, 0.0)
        if item.id in store.consolidating:
            score += weights.consolidation
    if wording.new:
        score += weights.recency * max(0.0, 1 - ((store.latest_year or 0) - item.year) / 5)
    if item.status:
        score -= weights.marker
    elif item.id in store.superseded:
        score -= weights.superseded
    if item.category == wording.kind:
        score += weights.kind
    nation = store.nation.get(item.id)
    if nation in wording.nations:
        score += weights.nation
    elif nation and nation != "england":
        score -= weights.nation
    return score


def rank(settings: Settings, store: LegislationStore, text: str, vector: list[float],
         types: list[str] | None, year_from: int | None, year_to: int | None,
         weights: Weights = WEIGHTS, subjects: list[SubjectMatch] | None = None
         ) -> list[tuple[float, LegislationItem]]:
    """Every candidate with its score, best first.

    The score is the cosine similarity plus BM25 over the title and description, plus
    priors: Acts over SIs, Acts widely cited, Acts cited by the best-matching items (the
    Act behind the regulations that match), newer items when the question asks for
    something new, no repeal marker, the nation and the kind of legislation it names, and
    the principal legislation of the areas of law (`subjects`) the question is about.
    """
    allowed = {i: item for i, item in store.items.items()
               if keeps(item, types, year_from, year_to)}
    where = where_filter(types, year_from, year_to)
    index = _index(settings, store)
    signals = _gather(index, store, text, vector, allowed, where)
    base = _base(signals, signals.semantic, weights)
    _add_support(index, store, vector, signals, allowed, base, weights)
    _add_subjects(index, vector, signals, allowed, base,
                  lifted(subjects or [], weights.subject_decay), weights)
    wording = Wording.read(text)
    scored = [(score + _prior(store, store.items[i], signals, wording, weights), store.items[i])
              for i, score in base.items() if i in store.items]
    scored.sort(key=lambda si: (-si[0], -si[1].year, si[1].id))
    return scored
