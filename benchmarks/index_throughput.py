"""Index throughput: the full catalogue (bundled tables + ≥10k imported catalogue records)
indexed cold into an empty build directory, step by step as `indexing.build.build_index`
does it, then re-indexed warm (nothing changed: nothing re-embedded).

    python -m benchmarks.index_throughput [--build-dir DIR] [--keep]

Prints and writes benchmarks/results/index_throughput.json: wall and CPU time per step,
documents embedded per second, the catalogue's share, and the peak RSS of indexing.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from benchmarks.common import (
    DEFAULT_BUILD,
    bench_settings,
    record,
)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Steps:
    """Wall and CPU time (and documents embedded) of each indexing step, printed as it ends."""

    def __init__(self) -> None:
        self.steps: dict[str, dict[str, float]] = {}

    def done(self, name: str, started: float, cpu: float, docs: int = 0) -> None:
        wall = time.perf_counter() - started
        self.steps[name] = {"wall_s": round(wall, 2), "cpu_s": round(_cpu() - cpu, 2),
                            "documents": docs,
                            "documents_per_s": round(docs / wall, 1) if docs and wall else 0.0}
        print(f"{name}: {self.steps[name]}", flush=True)


def _target(step: dict[str, float]) -> dict[str, Any]:
    """The catalogue step against its target: embedded in two minutes at most."""
    return {**step, "target_s": 120, "meets_target": step["wall_s"] <= 120}


def _core_documents(catalogue: Any, infos: list[Any], measures: list[Any],
                    collections: list[Any]) -> dict[str, list[Any]]:
    """The documents `build_index` embeds first: collections, datasets, measures."""
    from indexing.documents import (
        COLLECTIONS,
        DATASETS,
        MEASURES,
        collection_document,
        dataset_document,
        measure_document,
    )

    by_id = {d.id: d for d in infos}
    synonyms = {d.id: d.synonyms for d in catalogue.datasets}
    return {
        COLLECTIONS: [collection_document(x, [by_id[i].title for i in x.dataset_ids])
                      for x in collections],
        DATASETS: [dataset_document(d, synonyms.get(d.id, [])) for d in infos],
        MEASURES: [measure_document(m, by_id[m.dataset_id]) for m in measures],
    }


def _embed(steps: Steps, client: Any, batches: Iterable[tuple[str, list[Any]]],
           settings: Any, report: Any) -> None:
    """Embed each collection's documents as `build_index` does, one timed step each."""
    from indexing import build

    for name, documents in batches:
        t, c = time.perf_counter(), _cpu()
        build._sync(client, name, documents, settings, report)
        steps.done(f"embed_{name}", t, c, len(documents))


def run(build_dir: Path, datasets_only: bool = False) -> dict[str, Any]:
    """Index cold step by step (or only the catalogue's datasets), then re-index warm."""
    import duckdb

    from indexing import build
    from indexing.catalogue import load_catalogue
    from indexing.documents import DATASETS
    from indexing.embedding import chroma_client, get_embedder
    from indexing.extra import BUILDERS

    shutil.rmtree(build_dir, ignore_errors=True)
    settings = bench_settings(build_dir)
    steps = Steps()
    t0, c0 = time.perf_counter(), _cpu()
    get_embedder(settings.embedding_model)  # model load, as the first _sync would do
    steps.done("load_model", t0, c0)
    t, c = time.perf_counter(), _cpu()
    catalogue = load_catalogue(settings.data_dir)
    infos, measures, collections, report = build.build_duckdb(settings, catalogue,
                                                              lambda _: None)
    imported = [d for d in infos if not d.queryable]
    steps.done("load_tables_and_catalogue_imports", t, c)
    docs = _core_documents(catalogue, infos, measures, collections)
    client = chroma_client(settings)
    _embed(steps, client, [(n, d) for n, d in docs.items() if not datasets_only or n == DATASETS],
           settings, report)
    catalogue_step = _target(steps.steps[f"embed_{DATASETS}"])
    if datasets_only:  # just the catalogue's embedding (the ≥10k records), nothing after
        return {"build_dir": str(build_dir), "imported_catalogue_records": len(imported),
                "catalogue_datasets_embedding": catalogue_step, "steps": steps.steps,
                "peak_rss_mib": _peak_rss_mib()}
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        extras = [builder(settings, con) for builder in BUILDERS]
    _embed(steps, client, extras, settings, report)
    cold_wall, cold_cpu = time.perf_counter() - t0, _cpu() - c0
    peak_rss = _peak_rss_mib()
    return {
        "build_dir": str(build_dir),
        "imported_catalogue_records": len(imported),
        "bundled_tables": len(report.tables),
        "documents_embedded": report.embedded,
        "documents_total": sum(s["documents"] for s in steps.steps.values()),
        "cold": {"wall_s": round(cold_wall, 2), "cpu_s": round(cold_cpu, 2),
                 "documents_per_s": round(report.embedded / cold_wall, 1)},
        "catalogue_datasets_embedding": catalogue_step,
        "warm_reindex": _warm_reindex(settings),
        "steps": steps.steps,
        "peak_rss_mib": peak_rss,
    }


def _warm_reindex(settings: Any) -> dict[str, Any]:
    """`build_index` again with nothing changed: nothing should be re-embedded."""
    from indexing import build

    t = time.perf_counter()
    warm = build.build_index(settings)
    return {"wall_s": round(time.perf_counter() - t, 2), "embedded": warm.embedded,
            "unchanged": warm.unchanged}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD)
    parser.add_argument("--datasets-only", action="store_true",
                        help="stop after embedding ndl_datasets (the catalogue); written to "
                             "results/index_catalogue_only.json")
    args = parser.parse_args()
    name = "index_catalogue_only" if args.datasets_only else "index_throughput"
    record(name, lambda: run(args.build_dir, args.datasets_only))


if __name__ == "__main__":
    main()
