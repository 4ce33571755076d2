"""Finds the measures, datasets and collections a question is about.

One embedding per question, three Chroma searches, then a light lexical re-rank so a
measure whose label or synonyms share the question's words wins close calls.

No search uses a Chroma `where` filter: with ~14k catalogue records a filtered query costs
tens of milliseconds (Chroma resolves the filter to a list of allowed ids first), an
unfiltered one about one. The queryable datasets (a few dozen) are compared in memory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel

from assistant.models import DatasetHit
from assistant.periods import MONTHS
from assistant.semantic import Measure, SemanticLayer
from assistant.spelling import Speller

TOKEN = re.compile(r"[a-z0-9]+")
STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "for",
        "to",
        "and",
        "or",
        "by",
        "with",
        "at",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "what",
        "which",
        "who",
        "how",
        "many",
        "much",
        "does",
        "did",
        "do",
        "per",
        "cent",
        "percent",
        "percentage",
        "share",
        "rate",
        "number",
        "there",
        "their",
        "this",
        "that",
        "these",
        "those",
        "than",
        "compare",
        "compared",
        "vs",
        "versus",
        "between",
        "since",
        "over",
        "year",
        "years",
        "latest",
        "most",
        "least",
        "top",
        "bottom",
        "highest",
        "lowest",
        "show",
        "me",
        "tell",
        "give",
        "data",
        "about",
        "council",
        "councils",
        "area",
        "areas",
        "local",
        "authority",
        "authorities",
        "england",
        "uk",
        "region",
    ]
)
# Words that say what kind of answer is wanted, not what it is about.
GENERIC = frozenset(["people", "person", "adult", "children", "child", "much", "many", "often",
                     "common", "level", "value", "figure", "statistic", "stat", "new", "last",
                     "week", "month", "day", "now", "today", "current", "registered", "made",
                     "average", "mean", "median", "total", "annual", "yearly", "get", "got",
                     "have", "has", "had", "any", "all", "each", "every", "which", "where",
                     "when", "why", "who", "it", "its", "they", "them", "you", "your", "we",
                     "our", "i", "my", "can", "could", "would", "should", "will", "more",
                     "less", "fewer", "best", "worst", "good", "bad", "high", "low", "big",
                     "small", "large", "uk", "british", "english", "country", "nation",
                     "across", "within", "among", "borough", "district", "county", "countie",
                     "place", "town", "city", "fell", "rose", "went", "came", "happen",
                     # words that shape the answer (rank, change, compare), not its topic
                     "biggest", "largest", "smallest", "greatest", "increase", "increased",
                     "decrease", "decreased", "rise", "risen", "rising", "fall", "fallen",
                     "falling", "drop", "dropped", "change", "changed", "growth", "grow", "grown",
                     "improve", "improved", "improving", "worse", "better", "worsened", "trend",
                     "gap", "difference", "ranking", "rank", "proportion", "amount", "figure",
                     "compare", "comparison", "against", "versu", "typical", "usual", "normal",
                     # everyday filler and the way people shorten things
                     "going", "gone", "goe", "down", "up", "being", "further", "since", "still",
                     "back", "kids", "kid", "wat", "wot", "lot", "lots", "stuff", "actually",
                     "really", "roughly", "about", "approximately", "around", "now", "like",
                     *MONTHS])
TOTALS = frozenset(["total", "all", "overall"])
OWN_WEIGHT = 0.3
DATASET_WEIGHT = 0.1
UNASKED_WEIGHT = 0.1
PHRASE_WEIGHT = 0.15
DATASET_PHRASE_WEIGHT = 0.1
TRIGRAM_WEIGHT = 0.05
OWN_DATASET_FIT = 0.4
MEASURE_DATASET_FIT = 0.5  # a measure this close puts its dataset among the close ones


def tokens(text: str) -> set[str]:
    return {t.rstrip("s") if len(t) > 3 else t for t in TOKEN.findall(text.lower())} - STOP


def _spaced(text: str) -> str:
    return " " + " ".join(TOKEN.findall(text.lower())) + " "


def _head(label: str) -> str:
    """A label without its qualifiers: 'Rainfall (mm)' → 'Rainfall', 'Transport — Total'."""
    return re.split(r" \(| — | - ", label)[0]


def _trigrams(measure: Measure) -> list[str]:
    """Three-word runs of the label ('in fuel poverty') that set apart near-identical labels."""
    words = TOKEN.findall(_head(measure.label).lower())
    return [" " + " ".join(words[i:i + 3]) + " " for i in range(len(words) - 2)]


def _phrases(measure: Measure) -> list[str]:
    """Multi-word names of a measure ('mean temperature') that count when said verbatim."""
    names = [_head(measure.label), *measure.synonyms]
    return [p for p in (_spaced(n) for n in names) if p.count(" ") >= 3]


def _all_words(layer: SemanticLayer) -> set[str]:
    """Every word of the curated measures and datasets, for spelling correction."""
    texts = [t for m in layer.measures for t in (m.label, m.description, *m.synonyms)]
    texts += [t for d in layer.datasets.values() if d.queryable
              for t in (d.title, d.description, *d.synonyms)]
    return set(TOKEN.findall(" ".join(texts).lower()))


class Candidate(BaseModel):
    measure: Measure
    similarity: float
    score: float
    covered: bool = True  # enough of the question's words are in the measure's vocabulary
    named: int = 0  # content words the vocabulary has, when they are nearly all (≥ 75%) of them


SUFFIX = re.compile(r"(ings?|ers?|ed|es|ion|e)$")


def _prefixes(words: set[str]) -> set[str]:
    """Rough stems cut to six letters, so 'smoke' meets 'smoking' but 'childminders' does not
    meet 'children'."""
    return {SUFFIX.sub("", w)[:6] for w in words if not w.isdigit() and len(w) > 2}


def _same_stem(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


class Stems:
    """A measure's vocabulary that answers `any(_same_stem(c, v) for v in words)` with a
    few set lookups instead of a scan (24 candidates × ~50 stems per question)."""

    def __init__(self, words: set[str]) -> None:
        self.words = frozenset(words)
        # every head of four letters or more of a word of four or more: 'smok' for 'smoki'
        self.heads = frozenset(w[:n] for w in words if len(w) >= 4 for n in range(4, len(w) + 1))

    def meets(self, stem: str) -> bool:
        if stem in self.words:
            return True
        if len(stem) < 4:
            return False
        return stem in self.heads or any(stem[:n] in self.words for n in range(4, len(stem)))


def _coverage(content: set[str], vocabulary: Stems) -> tuple[float, int]:
    """Share and number of the question's content stems found in a measure's vocabulary."""
    if not content:
        return 1.0, 0
    met = sum(vocabulary.meets(c) for c in content)
    return met / len(content), met


class Retrieval(BaseModel):
    candidates: list[Candidate]
    datasets: list[DatasetHit]
    collections: list[tuple[str, float]]


def _hits(result: dict[str, Any]) -> list[tuple[str, float]]:
    ids = result.get("ids") or [[]]
    distances = result.get("distances") or [[]]
    return [(i, 1.0 - float(d)) for i, d in zip(ids[0], distances[0], strict=False)]


@dataclass(frozen=True)
class Vectors:
    """Stored embeddings of a few documents, searched exactly in memory (cosine)."""

    ids: list[str]
    matrix: NDArray[np.float32]

    @classmethod
    def of(cls, stored: dict[str, Any]) -> Vectors:
        ids = [str(i) for i in stored.get("ids") or []]
        embeddings = stored.get("embeddings")
        if not ids or embeddings is None:
            return cls(ids=[], matrix=np.zeros((0, 0), dtype=np.float32))
        matrix = np.asarray(embeddings, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return cls(ids=ids, matrix=(matrix / np.maximum(norms, 1e-12)).astype(np.float32))

    def nearest(self, vector: list[float], n: int) -> list[tuple[str, float]]:
        """Like a Chroma query of a cosine collection holding only these documents."""
        if not self.ids:
            return []
        query = np.asarray(vector, dtype=np.float32)
        query /= max(float(np.linalg.norm(query)), 1e-12)
        distances = np.float32(1) - self.matrix @ query
        order = np.argsort(distances, kind="stable")[:n]
        return [(self.ids[i], 1.0 - float(distances[i])) for i in order]


class Retriever:
    def __init__(self, layer: SemanticLayer, collections: dict[str, Any],
                 english: frozenset[str] = frozenset()) -> None:
        self.layer = layer
        self.collections = collections
        self.counts: dict[str, int] = {}  # cleared when the background index finishes
        self.queryable: tuple[int, Vectors] | None = None  # (count it was read at, vectors)
        self.by_id = {m.id: m for m in layer.measures}
        self.label_words = {m.id: tokens(m.label) for m in layer.measures}
        self.own_words = {m.id: tokens(" ".join([m.label, *m.synonyms, *m.filters.values()]))
                          for m in layer.measures}
        self.dataset_words = {d.id: tokens(" ".join([d.title, *d.synonyms]))
                              for d in layer.datasets.values()}
        self.phrases = {m.id: _phrases(m) for m in layer.measures}
        # the dataset's own multi-word names ('gas use') said verbatim count for its measures
        self.dataset_phrases = {d.id: [p for p in map(_spaced, d.synonyms) if p.count(" ") >= 3]
                                for d in layer.datasets.values()}
        self.trigrams = {m.id: _trigrams(m) for m in layer.measures}
        self.vocabulary = {m.id: Stems(self._vocabulary(m, layer)) for m in layer.measures}
        self.speller = Speller(_all_words(layer), english)

    def _vocabulary(self, m: Measure, layer: SemanticLayer) -> set[str]:
        dataset = layer.datasets.get(m.dataset_id)
        values = " ".join([*(v for d in m.dimensions for v in d.values[:50]),
                           *(n for d in m.dimensions for names in d.synonyms.values()
                             for n in names)])
        words = self.own_words[m.id] | tokens(m.description) | tokens(values) \
            | self.dataset_words.get(m.dataset_id, set()) \
            | tokens(dataset.description if dataset else "")
        return _prefixes(words)

    def _query(self, name: str, vector: list[float], n: int) -> list[tuple[str, float]]:
        collection = self.collections[name]
        if name not in self.counts:  # counted once: the index does not change under us
            self.counts[name] = collection.count()
        if self.counts[name] == 0:
            return []
        return _hits(collection.query(query_embeddings=[vector],
                                      n_results=min(n, self.counts[name]),
                                      include=["distances"]))

    def _lexical(self, question: str, asked: set[str], measure: Measure,
                 shared: set[str]) -> float:
        """Reward the measure's own words in the question; penalise words that set it apart
        from its neighbours when the question does not use them ('healthy' life expectancy)."""
        if not asked:
            return 0.0
        own = len(asked & self.own_words[measure.id]) / len(asked)
        phrase = PHRASE_WEIGHT if any(p in question for p in self.phrases[measure.id]) else \
            DATASET_PHRASE_WEIGHT if any(p in question for p in
                                         self.dataset_phrases.get(measure.dataset_id, ())) \
            else 0.0
        runs = sum(t in question for t in self.trigrams[measure.id])
        phrase = max(phrase, TRIGRAM_WEIGHT * min(2, runs))
        general = len(asked & self.dataset_words.get(measure.dataset_id, set())) / len(asked)
        unasked = (self.label_words[measure.id] - shared - TOTALS) - asked  # 'Total' is default
        return (OWN_WEIGHT * own + DATASET_WEIGHT * general + phrase
                - UNASKED_WEIGHT * min(2, len(unasked)))

    def measures(self, question: str, vector: list[float], k: int,
                 ignore: Sequence[str] = ()) -> list[Candidate]:
        asked = tokens(question) - tokens(" ".join(ignore))
        spaced = _spaced(question)
        hits = [(self.by_id[i], sim) for i, sim in self._query("ndl_measures", vector, k)
                if i in self.by_id]
        labels = [self.label_words[m.id] for m, _ in hits]
        shared = set.intersection(*labels) if labels else set()
        content = _prefixes(asked - GENERIC)
        out = []
        for m, sim in hits:
            share, met = _coverage(content, self.vocabulary[m.id])
            out.append(Candidate(measure=m, similarity=round(sim, 4),
                                 score=round(sim + self._lexical(spaced, asked, m, shared), 4),
                                 covered=share >= 0.5, named=met if share >= 0.75 else 0))
        return sorted(out, key=lambda c: -c.score)

    def _queryable(self) -> Vectors:
        """The queryable datasets' stored embeddings, read again whenever the collection's
        count is (at load, and after the background index finishes)."""
        name = "ndl_datasets"
        count = self.counts.get(name)
        if self.queryable is None or count is None or self.queryable[0] != count:
            if count is None:
                count = self.counts[name] = self.collections[name].count()
            stored = self.collections[name].get(where={"queryable": True},
                                                include=["embeddings"])
            self.queryable = (count, Vectors.of(stored))
        return self.queryable[1]

    def queryable_datasets(self) -> Vectors:
        """The queryable datasets' stored embeddings (in memory), for searches among them."""
        return self._queryable()

    def datasets(self, vector: list[float], k: int,
                 measured: dict[str, float] | None = None) -> list[DatasetHit]:
        """Bundled, queryable datasets first when they fit well; the national catalogue's
        search-only records fill the rest, so 13k titles cannot crowd out our own tables.
        The search-only records are the nearest documents that are not queryable ones.
        `measured`: datasets whose measures fit the question (dementia prevalence is in a
        table whose title only says 'health indicators'), with the measure's closeness."""
        queryable = self._queryable()
        fits = {i: sim for i, sim in queryable.nearest(vector, k) if sim >= OWN_DATASET_FIT}
        for dataset_id, sim in (measured or {}).items():
            fits[dataset_id] = max(sim, fits.get(dataset_id, 0.0))
        own = sorted(fits.items(), key=lambda h: -h[1])[:max(1, k - 3)]
        skip = set(queryable.ids)
        rest = [(i, sim) for i, sim in self._query("ndl_datasets", vector, k + len(skip))
                if i not in skip][:k]
        ranked = own + sorted(rest, key=lambda h: -h[1])
        hits = []
        for dataset_id, sim in ranked[:k]:
            info = self.layer.datasets.get(dataset_id)
            if info:
                hits.append(DatasetHit(
                    id=info.id, title=info.title, description=info.description,
                    publisher=info.publisher, licence=info.licence, url=info.source_url,
                    updated=info.updated, collection=info.collection,
                    queryable=info.queryable, score=round(sim, 4)))
        return hits

    def retrieve(self, question: str, vector: list[float], k: int,
                 ignore: Sequence[str] = ()) -> Retrieval:
        candidates = self.measures(question, vector, k * 3, ignore)
        measured: dict[str, float] = {}
        for c in candidates:
            if c.similarity >= MEASURE_DATASET_FIT and c.covered:
                dataset = c.measure.dataset_id
                measured[dataset] = max(c.similarity, measured.get(dataset, 0.0))
        return Retrieval(
            candidates=candidates,
            datasets=self.datasets(vector, k, measured),
            collections=self._query("ndl_collections", vector, 3),
        )
