"""Run every benchmark, each in its own process, then refresh the table in README.md.

    python -m benchmarks.run [--build-dir DIR] [--skip-index] [--quick]

The full index is built (cold) by the index benchmark into --build-dir and reused by the
others. The answer path is profiled with pyinstrument when warm p50 is above its target.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.common import DEFAULT_BUILD, RESULTS, machine

README = Path(__file__).with_name("README.md")
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def _run(module: str, *args: str) -> None:
    print(f"== {module} {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, "-m", f"benchmarks.{module}", *args], check=True)


def pin_threads(threads: int) -> None:
    """Torch/OpenMP threads per process for every benchmark (and server) started from here:
    with more busy processes than cores, OpenMP's spinning threads slow each other down."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)


def _load(name: str) -> dict[str, Any]:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _mark(ok: bool | None) -> str:
    return "" if ok is None else (" ✅" if ok else " ❌")


Row = tuple[str, str, str]  # measure, result, target


def _answer_rows(ans: dict[str, Any]) -> list[Row]:
    lat, over = ans["latency_through_api"], ans["overhead"]
    return [
        ("warm answer p50 / p95 / p99 (API, 1 worker)",
         f"{lat['p50_ms']} / {lat['p95_ms']} / {lat['p99_ms']} ms "
         f"({ans['requests']} requests, {ans['questions']} questions)",
         f"p50 ≤ 50{_mark(lat['p50_ms'] <= 50)}, p95 ≤ 150{_mark(lat['p95_ms'] <= 150)}"),
        ("overhead: answer ÷ (embed question + gold SQL)",
         f"{over['ratio_of_p50']}× of p50s ({over['answer_p50_ms_same_questions']} ÷ "
         f"{over['baseline_embed_plus_gold_sql_p50_ms']} ms); per-question median "
         f"{over['median_per_question_ratio']}×",
         f"≤ 3×{_mark((over['ratio_of_p50'] or 99) <= 3)}"),
    ]


def _index_rows(idx: dict[str, Any]) -> list[Row]:
    cat = idx["catalogue_datasets_embedding"]
    return [
        ("catalogue records embedded (ndl_datasets, cold)",
         f"{cat['documents']} docs in {cat['wall_s']} s ({cat['documents_per_s']} docs/s, "
         f"CPU {cat['cpu_s']} s)", f"≤ 120 s{_mark(cat['wall_s'] <= 120)}"),
        ("full `ndl index`, cold",
         f"{idx['documents_embedded']} docs in {idx['cold']['wall_s']} s "
         f"({idx['cold']['documents_per_s']} docs/s); warm re-index "
         f"{idx['warm_reindex']['wall_s']} s, {idx['warm_reindex']['embedded']} re-embedded",
         ""),
        ("peak RSS while indexing", f"{idx['peak_rss_mib']} MiB", ""),
    ]


def _catalogue_only_row(only: dict[str, Any]) -> Row:
    cat = only["catalogue_datasets_embedding"]
    return ("catalogue records embedded, datasets only, torch default threads "
            f"(load {only['machine']['loadavg_1m_at_start']})",
            f"{cat['documents']} docs in {cat['wall_s']} s ({cat['documents_per_s']} "
            f"docs/s, CPU {cat['cpu_s']} s)", f"≤ 120 s{_mark(cat['wall_s'] <= 120)}")


def _search_row(search: dict[str, Any]) -> Row:
    return (f"dataset search at scale (Chroma, k={search['k']})",
            f"p50 {search['search']['p50_ms']} ms, p95 {search['search']['p95_ms']} ms "
            f"over {search['documents_in_ndl_datasets']} docs (+ embedding "
            f"p50 {search['embed_question']['p50_ms']} ms)", "")


def _concurrency_rows(conc: dict[str, Any]) -> list[Row]:
    rows = []
    for run in (conc.get("runs") or {}).values():
        lat = run.get("latency") or {}
        rows.append((f"{conc['clients']} clients × {conc['requests']} requests, "
                     f"{run['workers']} worker(s)",
                     f"{run['throughput_rps']} req/s, p50 {lat.get('p50_ms')} ms, "
                     f"p95 {lat.get('p95_ms')} ms, errors {run['errors']}, "
                     f"server peak RSS {run['server_peak_rss_mib']} MiB in all "
                     f"(largest process {run['largest_process_peak_rss_mib']} MiB)",
                     f"0 errors{_mark(run['errors'] == 0)}, RSS ≤ 1536 MiB per server"
                     f"{_mark(run['server_peak_rss_mib'] <= 1536)} / per worker"
                     f"{_mark(run['largest_process_peak_rss_mib'] <= 1536)}"))
    return rows


def table() -> str:
    """The README's results table, from whatever results/ holds now."""
    idx, search = _load("index_throughput"), _load("dataset_search")
    ans, conc, only = _load("answer_latency"), _load("concurrency"), _load("index_catalogue_only")
    rows: list[Row] = _answer_rows(ans) if ans else []
    rows += _index_rows(idx) if idx else []
    rows += [_catalogue_only_row(only)] if only else []
    rows += [_search_row(search)] if search else []
    rows += _concurrency_rows(conc)
    if ans:
        rows.append(("server peak RSS (latency run, 1 worker)",
                     f"{ans['serving_peak_rss_mib']} MiB",
                     f"≤ 1536 MiB{_mark(ans['serving_peak_rss_mib'] <= 1536)}"))
    m = (ans or idx or conc or search).get("machine") or machine()
    loads = ", ".join(f"{name} {r['machine']['loadavg_1m_at_start']}" for name, r in (
        ("answer", ans), ("concurrency", conc), ("search", search), ("index", idx)) if r)
    head = (f"Machine: {m['nproc']} CPU cores ({m['cpu']}), {m['ram_gib']} GiB RAM, "
            f"Python {m['python']}; OMP_NUM_THREADS={m.get('omp_num_threads', 'default')}. "
            f"1-minute load average at the start of each benchmark: {loads}.\n\n"
            "| measure | result | target |\n| --- | --- | --- |\n")
    return head + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows) + "\n"


def update_readme() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    README.write_text(text[:start] + "\n" + table() + text[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD)
    parser.add_argument("--skip-index", action="store_true",
                        help="reuse the index in --build-dir instead of rebuilding it")
    parser.add_argument("--quick", action="store_true", help="fewer rounds and requests")
    parser.add_argument("--threads", type=int, default=1,
                        help="OMP_NUM_THREADS for every process (default 1: one per worker)")
    parser.add_argument("--table-only", action="store_true",
                        help="only refresh the README table from results/")
    args = parser.parse_args()
    if args.table_only:
        update_readme()
        print(table())
        return
    pin_threads(args.threads)
    build = ["--build-dir", str(args.build_dir)]
    if not args.skip_index:
        _run("index_throughput", *build)
    _run("dataset_search", *build)
    _run("answer_latency", *build, "--rounds", "1" if args.quick else "2")
    _run("concurrency", *build, "--requests", "160" if args.quick else "640")
    if _load("answer_latency")["latency_through_api"]["p50_ms"] > 50:
        _run("profile_answer", *build)
    update_readme()
    print(table())


if __name__ == "__main__":
    main()
