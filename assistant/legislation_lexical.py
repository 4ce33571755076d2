"""BM25 over the words of each item's official title and its long title or explanatory
note, so that a question's rarer words ('bills of lading', 'moratorium') find the item even
when the sentence model does not; titles count more than descriptions (BM25F)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

K1 = 1.2
B = 0.75
TITLE_WEIGHT = 2.0        # a word in the title counts as much as two in the description
DESCRIPTION_WEIGHT = 1.0


@dataclass(frozen=True)
class Bm25Index:
    """Per word, each item's saturated, length-normalised, field-weighted term frequency
    (so a query only sums idf × that), and the word's idf."""

    postings: dict[str, dict[str, float]]
    idf: dict[str, float]

    def scores(self, terms: Iterable[str], allowed: Mapping[str, object] | None = None
               ) -> dict[str, float]:
        """BM25 of every item that has one of `terms` (restricted to `allowed` when given)."""
        out: dict[str, float] = {}
        for term in dict.fromkeys(terms):
            weight = self.idf.get(term)
            if weight is None:
                continue
            for item_id, tf in self.postings[term].items():
                if allowed is None or item_id in allowed:
                    out[item_id] = out.get(item_id, 0.0) + weight * tf
        return out


def _normalised(counts: Counter[str], length: int, average: float) -> dict[str, float]:
    norm = 1 - B + B * length / max(average, 1e-9)
    return {w: c / norm for w, c in counts.items()}


def build_bm25(fields: Mapping[str, tuple[list[str], list[str]]]) -> Bm25Index:
    """`fields`: item id → (title words, description words)."""
    n = max(1, len(fields))
    avg_title = sum(len(t) for t, _ in fields.values()) / n
    avg_desc = sum(len(d) for _, d in fields.values()) / n
    postings: dict[str, dict[str, float]] = {}
    for item_id, (title, desc) in fields.items():
        tf: dict[str, float] = {}
        for w, v in _normalised(Counter(title), len(title), avg_title).items():
            tf[w] = tf.get(w, 0.0) + TITLE_WEIGHT * v
        for w, v in _normalised(Counter(desc), len(desc), avg_desc).items():
            tf[w] = tf.get(w, 0.0) + DESCRIPTION_WEIGHT * v
        for w, v in tf.items():
            postings.setdefault(w, {})[item_id] = v * (K1 + 1) / (K1 + v)
    idf = {w: math.log(1 + (n - len(ids) + 0.5) / (len(ids) + 0.5))
           for w, ids in postings.items()}
    return Bm25Index(postings=postings, idf=idf)
