"""Warm answer latency through the API, and the pipeline's overhead.

Serves the full index with `ndl serve --no-ui` on a free port, warms it, then asks every
single-turn eval question (evals/cases) `--rounds` times over HTTP, one at a time.

The overhead ratio compares, per question with gold SQL, the full answer time with the
irreducible work in the same run: embedding the question (the same model, loaded here) plus
running its gold SQL on a read-only DuckDB connection (guard + execute, as the pipeline
does). Ratio = answer p50 ÷ (embed + gold SQL) p50, and the median per-question ratio.

    python -m benchmarks.answer_latency [--build-dir DIR] [--rounds 3] [--limit N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import (
    DEFAULT_BUILD,
    RssSampler,
    ensure_index,
    eval_questions,
    record,
    serve,
    summary_ms,
)


def baseline(settings: Any, questions: list[dict[str, Any]]) -> dict[str, float]:
    """Seconds to embed each question and run its gold SQL (best of three)."""
    import duckdb

    from assistant.execution import execute
    from assistant.guard import Schema, guard
    from indexing.embedding import get_embedder

    embedder = get_embedder(settings.embedding_model)
    embedder.embed_one("warm up")
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        schema = Schema.from_connection(con)
    out: dict[str, float] = {}
    for q in questions:
        if not q["gold_sql"]:
            continue
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            embedder.embed_one(q["question"])
            try:
                guarded = guard(q["gold_sql"], schema, settings.row_cap, settings.max_sql_chars)
                execute(guarded, settings.duckdb_path, settings)
            except Exception:  # a gold query the current index cannot run: leave it out
                best = float("nan")
                break
            best = min(best, time.perf_counter() - started)
        if best == best:  # not NaN
            out[q["id"]] = best
    return out


class Asked:
    """What asking every question over HTTP gave: per-question seconds, server timings,
    answer statuses, non-200 responses and the server's peak RSS."""

    def __init__(self, questions: list[dict[str, Any]]) -> None:
        self.per_question: dict[str, list[float]] = {q["id"]: [] for q in questions}
        self.server_ms: list[float] = []
        self.statuses: dict[str, int] = {}
        self.errors = 0
        self.peak_rss = 0

    def record(self, qid: str, elapsed: float, response: httpx.Response) -> None:
        if response.status_code != 200:
            self.errors += 1
            return
        body = response.json()
        self.per_question[qid].append(elapsed)
        status = body.get("status", "?")
        self.statuses[status] = self.statuses.get(status, 0) + 1
        total = (body.get("timings_ms") or {}).get("total")
        if total is not None:
            self.server_ms.append(float(total))


def ask_all(build_dir: Path, questions: list[dict[str, Any]], rounds: int) -> Asked:
    """Serve the index, warm it with ten questions, then ask each one `rounds` times."""
    asked = Asked(questions)
    with serve(build_dir, workers=1) as server, RssSampler(server.pid) as rss, \
            httpx.Client(base_url=server.url, timeout=60) as client:
        for q in questions[:10]:  # warm-up: caches, first-call paths
            client.post("/v1/answer", json={"question": q["question"]})
        for _ in range(rounds):
            for q in questions:
                started = time.perf_counter()
                response = client.post("/v1/answer", json={"question": q["question"]})
                asked.record(q["id"], time.perf_counter() - started, response)
        asked.peak_rss = rss.peak
    return asked


def overhead(base: dict[str, float], asked: Asked) -> dict[str, Any]:
    """Answer time against embedding + gold SQL, over the questions that have both."""
    answer_med = {i: statistics.median(ts) for i, ts in asked.per_question.items() if ts}
    paired = [i for i in base if i in answer_med]
    ratios = [answer_med[i] / base[i] for i in paired if base[i] > 0]
    base_p50 = statistics.median([base[i] for i in paired]) if paired else 0.0
    answer_p50_paired = statistics.median([answer_med[i] for i in paired]) if paired else 0.0
    return {
        "questions_with_gold_sql": len(paired),
        "baseline_embed_plus_gold_sql_p50_ms": round(base_p50 * 1000, 2),
        "answer_p50_ms_same_questions": round(answer_p50_paired * 1000, 2),
        "ratio_of_p50": round(answer_p50_paired / base_p50, 2) if base_p50 else None,
        "median_per_question_ratio": round(statistics.median(ratios), 2) if ratios
        else None,
        "target": 3.0,
    }


def run(build_dir: Path, rounds: int, limit: int | None) -> dict[str, Any]:
    settings = ensure_index(build_dir)
    questions = eval_questions(limit)
    asked = ask_all(build_dir, questions, rounds)
    all_times = [t for ts in asked.per_question.values() for t in ts]
    latency = summary_ms(all_times)
    return {
        "questions": len(questions), "rounds": rounds, "requests": len(all_times),
        "errors": asked.errors, "statuses": asked.statuses,
        "latency_through_api": latency,
        "server_timings_total": {"p50_ms": round(statistics.median(asked.server_ms), 2)}
        if asked.server_ms else {},
        "overhead": overhead(baseline(settings, questions), asked),
        "targets": {"p50_ms": 50, "p95_ms": 150,
                    "meets_p50": latency["p50_ms"] <= 50, "meets_p95": latency["p95_ms"] <= 150},
        "serving_peak_rss_mib": round(asked.peak_rss / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    record("answer_latency", lambda: run(args.build_dir, args.rounds, args.limit))


if __name__ == "__main__":
    main()
