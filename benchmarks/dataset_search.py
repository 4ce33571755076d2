"""Dataset search latency at national scale: `Retriever.datasets` over `ndl_datasets` with
the full catalogue (bundled datasets + ≥10k imported records), in-process.

    python -m benchmarks.dataset_search [--build-dir DIR] [--repeat 5]

Times the question's embedding and the Chroma search separately (the embedding is shared
with measure search in a real answer), and records how many hits carry a link.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from benchmarks.common import (
    DEFAULT_BUILD,
    ensure_index,
    record,
    summary_ms,
)

QUERIES = [
    "where can I find data on road traffic accidents?",
    "datasets about air quality in London",
    "is there an API for company information?",
    "NHS hospital waiting times data",
    "flood risk maps",
    "house prices by local authority",
    "school performance tables",
    "bus timetables open data",
    "crime statistics by police force",
    "land registry price paid data",
    "energy performance certificates",
    "population estimates mid-year",
    "where can I find data on fuel poverty?",
    "food hygiene ratings",
    "national travel survey",
    "GP prescribing data",
    "tree preservation orders",
    "council spending over 500 pounds",
    "weather observations historic",
    "greenhouse gas emissions by local authority",
]


def run(build_dir: Path, repeat: int) -> dict[str, Any]:
    from assistant.resources import Resources
    from indexing.documents import DATASETS

    settings = ensure_index(build_dir)
    res = Resources.load(settings)
    retriever = res.retriever
    k = settings.retrieval_k
    res.embedder.embed_one("warm up")
    retriever.datasets(res.embedder.embed_one("warm up"), k)
    embed_s: list[float] = []
    search_s: list[float] = []
    linked = imported_hits = total_hits = 0
    examples: dict[str, list[dict[str, Any]]] = {}
    for _ in range(repeat):
        for query in QUERIES:
            t = time.perf_counter()
            vector = res.embedder.embed_one(query)
            embed_s.append(time.perf_counter() - t)
            t = time.perf_counter()
            hits = retriever.datasets(vector, k)
            search_s.append(time.perf_counter() - t)
            if query not in examples:
                total_hits += len(hits)
                linked += sum(1 for h in hits if h.url)
                imported_hits += sum(1 for h in hits if not h.queryable)
                examples[query] = [{"id": h.id, "title": h.title, "url": h.url,
                                    "score": h.score} for h in hits[:3]]
    return {
        "documents_in_ndl_datasets": retriever.collections[DATASETS].count(),
        "datasets_in_layer": len(res.layer.datasets),
        "k": k, "queries": len(QUERIES), "repeat": repeat,
        "search": summary_ms(search_s),
        "embed_question": summary_ms(embed_s),
        "hits_with_link_share": round(linked / total_hits, 3) if total_hits else 0,
        "hits_search_only_share": round(imported_hits / total_hits, 3) if total_hits else 0,
        "examples": {q: examples[q] for q in QUERIES[:4]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    record("dataset_search", lambda: run(args.build_dir, args.repeat))


if __name__ == "__main__":
    main()
