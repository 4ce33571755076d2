"""Dataset search without Chroma `where` filters gives what the filtered searches gave:
queryable datasets first (when close enough), then the nearest search-only records."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from assistant.retrieval import OWN_DATASET_FIT, Retriever, Vectors
from assistant.semantic import DatasetInfo, SemanticLayer
from assistant.settings import Settings
from indexing.embedding import chroma_client, get_collection

DIM = 8


def _unit(*values: float) -> list[float]:
    vector = np.zeros(DIM)
    vector[: len(values)] = values
    return [float(x) for x in vector / np.linalg.norm(vector)]


# queryable: q1 close to the question, q2 far; search-only: s1 > s2 > s3 in closeness
DOCS = {
    "q1": (True, _unit(1, 0.2)),
    "q2": (True, _unit(0, 0, 1)),
    "s1": (False, _unit(1, 0.1)),
    "s2": (False, _unit(1, 0.5)),
    "s3": (False, _unit(1, 1.5)),
}
QUESTION = _unit(1, 0.15)


def _retriever(tmp_path: Path) -> tuple[Retriever, Any]:
    collection = get_collection(chroma_client(Settings(build_dir=tmp_path)), "ndl_datasets")
    collection.upsert(
        ids=list(DOCS),
        embeddings=[v for _, v in DOCS.values()],
        metadatas=[{"queryable": q, "collection": "test"} for q, _ in DOCS.values()],
    )
    datasets = {i: DatasetInfo(id=i, title=i, queryable=q) for i, (q, _) in DOCS.items()}
    layer = SemanticLayer(measures=[], datasets=datasets, collections=[])
    return Retriever(layer, {"ndl_datasets": collection}), collection


def _filtered(collection: Any, k: int) -> list[str]:
    """The previous implementation: two searches filtered on `queryable`."""

    def query(queryable: bool) -> list[tuple[str, float]]:
        n = sum(q == queryable for q, _ in DOCS.values())
        found = collection.query(
            query_embeddings=[QUESTION],
            n_results=min(k, n),
            where={"queryable": queryable},
            include=["distances"],
        )
        return [(i, 1 - d) for i, d in zip(found["ids"][0], found["distances"][0], strict=True)]

    own = [(i, s) for i, s in query(True) if s >= OWN_DATASET_FIT][: max(1, k - 3)]
    return [i for i, _ in (own + query(False))[:k]]


def test_same_ranking_as_the_filtered_searches(tmp_path: Path) -> None:
    retriever, collection = _retriever(tmp_path)
    for k in (1, 2, 4, 8):
        assert [h.id for h in retriever.datasets(QUESTION, k)] == _filtered(collection, k)
    assert [h.id for h in retriever.datasets(QUESTION, 8)] == ["q1", "s1", "s2", "s3"]


def test_scores_are_the_cosine_similarities(tmp_path: Path) -> None:
    retriever, _ = _retriever(tmp_path)
    for hit in retriever.datasets(QUESTION, 8):
        expected = float(np.dot(DOCS[hit.id][1], QUESTION))
        assert math.isclose(hit.score, round(expected, 4), abs_tol=1e-4)


def test_queryable_vectors_are_read_again_when_the_count_changes(tmp_path: Path) -> None:
    retriever, collection = _retriever(tmp_path)
    retriever.datasets(QUESTION, 8)
    collection.upsert(ids=["q3"], embeddings=[QUESTION], metadatas=[{"queryable": True}])
    retriever.layer.datasets["q3"] = DatasetInfo(id="q3", title="q3")
    assert retriever.datasets(QUESTION, 8)[0].id == "q1"  # counted once: not seen yet
    retriever.counts.clear()  # what the background index does when it finishes
    assert retriever.datasets(QUESTION, 8)[0].id == "q3"


def test_vectors_nearest_is_exact_and_handles_nothing() -> None:
    vectors = Vectors.of({"ids": list(DOCS), "embeddings": [v for _, v in DOCS.values()]})
    ranked = vectors.nearest(QUESTION, 5)
    assert [i for i, _ in ranked] == sorted(DOCS, key=lambda i: -np.dot(DOCS[i][1], QUESTION))
    assert Vectors.of({"ids": [], "embeddings": None}).nearest(QUESTION, 3) == []
