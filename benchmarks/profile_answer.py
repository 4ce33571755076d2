"""Where the answer path spends its time: pyinstrument over the eval questions answered
in-process by `Pipeline.answer` against the full index (no HTTP).

    python -m benchmarks.profile_answer [--build-dir DIR] [--limit 120]

Writes benchmarks/results/profile_answer.json (the functions with the most time, own and
cumulative) and benchmarks/results/profile_answer.txt (pyinstrument's call tree).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from benchmarks.common import (
    DEFAULT_BUILD,
    RESULTS,
    ensure_index,
    eval_questions,
    record,
)


def _walk(frame: Any, totals: dict[str, float], own: dict[str, float]) -> None:
    key = f"{frame.function} ({Path(frame.file_path or '?').name}:{frame.line_no})"
    own[key] = own.get(key, 0.0) + frame.total_self_time
    totals[key] = totals.get(key, 0.0) + frame.time
    for child in frame.children:
        _walk(child, totals, own)


def run(build_dir: Path, limit: int) -> dict[str, Any]:
    from pyinstrument import Profiler

    from assistant.pipeline import Pipeline
    from assistant.resources import Resources

    settings = ensure_index(build_dir)
    pipeline = Pipeline(Resources.load(settings))
    questions = [q["question"] for q in eval_questions(limit)]
    for q in questions[:10]:
        pipeline.answer(q)
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    profiler.start()
    for q in questions:
        pipeline.answer(q)
    profiler.stop()
    wall = time.perf_counter() - started
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "profile_answer.txt").write_text(
        profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
    root = profiler.last_session.root_frame() if profiler.last_session else None
    totals: dict[str, float] = {}
    own: dict[str, float] = {}
    if root is not None:
        _walk(root, totals, own)
    n = len(questions)

    def top(table: dict[str, float], count: int) -> list[dict[str, Any]]:
        ranked = sorted(table.items(), key=lambda kv: -kv[1])[:count]
        return [{"function": k, "ms_per_answer": round(v / n * 1000, 2)} for k, v in ranked]

    return {
        "questions": n, "wall_s": round(wall, 2),
        "mean_ms_per_answer": round(wall / n * 1000, 2),
        "top_cumulative": top(totals, 25),
        "top_own_time": top(own, 20),
        "call_tree": str(RESULTS / "profile_answer.txt"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD)
    parser.add_argument("--limit", type=int, default=120)
    args = parser.parse_args()
    record("profile_answer", lambda: run(args.build_dir, args.limit))


if __name__ == "__main__":
    main()
