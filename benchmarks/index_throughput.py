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
from pathlib import Path
from typing import Any

from benchmarks.common import (
    DEFAULT_BUILD,
    bench_settings,
    machine,
    pin_torch_threads,
    write_result,
)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(build_dir: Path, datasets_only: bool = False) -> dict[str, Any]:
    import duckdb

    from indexing import build
    from indexing.catalogue import load_catalogue
    from indexing.documents import (
        COLLECTIONS,
        DATASETS,
        MEASURES,
        collection_document,
        dataset_document,
        measure_document,
    )
    from indexing.embedding import chroma_client, get_embedder
    from indexing.extra import BUILDERS

    shutil.rmtree(build_dir, ignore_errors=True)
    settings = bench_settings(build_dir)
    steps: dict[str, dict[str, float]] = {}

    def step(name: str, started: float, cpu: float, docs: int = 0) -> None:
        wall = time.perf_counter() - started
        steps[name] = {"wall_s": round(wall, 2), "cpu_s": round(_cpu() - cpu, 2),
                       "documents": docs,
                       "documents_per_s": round(docs / wall, 1) if docs and wall else 0.0}
        print(f"{name}: {steps[name]}", flush=True)

    t0, c0 = time.perf_counter(), _cpu()
    get_embedder(settings.embedding_model)  # model load, as the first _sync would do
    step("load_model", t0, c0)

    t, c = time.perf_counter(), _cpu()
    catalogue = load_catalogue(settings.data_dir)
    infos, measures, collections, report = build.build_duckdb(settings, catalogue,
                                                              lambda _: None)
    imported = [d for d in infos if not d.queryable]
    step("load_tables_and_catalogue_imports", t, c)

    by_id = {d.id: d for d in infos}
    synonyms = {d.id: d.synonyms for d in catalogue.datasets}
    client = chroma_client(settings)
    docs = {
        COLLECTIONS: [collection_document(x, [by_id[i].title for i in x.dataset_ids])
                      for x in collections],
        DATASETS: [dataset_document(d, synonyms.get(d.id, [])) for d in infos],
        MEASURES: [measure_document(m, by_id[m.dataset_id]) for m in measures],
    }
    for name, documents in docs.items():
        if datasets_only and name != DATASETS:
            continue
        t, c = time.perf_counter(), _cpu()
        build._sync(client, name, documents, settings, report)
        step(f"embed_{name}", t, c, len(documents))
    if datasets_only:  # just the catalogue's embedding (the ≥10k records), nothing after
        cat = steps[f"embed_{DATASETS}"]
        return {"build_dir": str(build_dir), "imported_catalogue_records": len(imported),
                "catalogue_datasets_embedding": {**cat, "target_s": 120,
                                                 "meets_target": cat["wall_s"] <= 120},
                "steps": steps,
                "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                      / 1024, 1)}
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        extras = [builder(settings, con) for builder in BUILDERS]
    for name, documents in extras:
        t, c = time.perf_counter(), _cpu()
        build._sync(client, name, documents, settings, report)
        step(f"embed_{name}", t, c, len(documents))
    cold_wall = time.perf_counter() - t0
    cold_cpu = _cpu() - c0
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    t = time.perf_counter()
    warm = build.build_index(settings)
    warm_wall = time.perf_counter() - t

    total_docs = sum(s["documents"] for s in steps.values())
    catalogue_step = steps[f"embed_{DATASETS}"]
    return {
        "build_dir": str(build_dir),
        "imported_catalogue_records": len(imported),
        "bundled_tables": len(report.tables),
        "documents_embedded": report.embedded,
        "documents_total": total_docs,
        "cold": {"wall_s": round(cold_wall, 2), "cpu_s": round(cold_cpu, 2),
                 "documents_per_s": round(report.embedded / cold_wall, 1)},
        "catalogue_datasets_embedding": {
            **catalogue_step,
            "target_s": 120,
            "meets_target": catalogue_step["wall_s"] <= 120,
        },
        "warm_reindex": {"wall_s": round(warm_wall, 2), "embedded": warm.embedded,
                         "unchanged": warm.unchanged},
        "steps": steps,
        "peak_rss_mib": round(peak_rss / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD)
    parser.add_argument("--datasets-only", action="store_true",
                        help="stop after embedding ndl_datasets (the catalogue); written to "
                             "results/index_catalogue_only.json")
    args = parser.parse_args()
    started = machine()
    pin_torch_threads()
    name = "index_catalogue_only" if args.datasets_only else "index_throughput"
    write_result(name, run(args.build_dir, args.datasets_only), started)


if __name__ == "__main__":
    main()
