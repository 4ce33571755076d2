"""Concurrency: 32 clients on 127.0.0.1 sending a bounded number of questions (640 by
default) to the API, with 1 uvicorn worker and with 2; throughput, latency percentiles,
errors (must be 0) and the server's peak RSS (supervisor + workers) while serving.

    python -m benchmarks.concurrency [--build-dir DIR] [--clients 32] [--requests 640]
                                     [--workers 1 2]
"""

from __future__ import annotations

import argparse
import asyncio
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


async def load(url: str, questions: list[str], clients: int, requests: int
               ) -> tuple[list[float], int, dict[str, int], float]:
    latencies: list[float] = []
    errors = 0
    codes: dict[str, int] = {}
    counter = iter(range(requests))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for i in counter:
            question = questions[i % len(questions)]
            started = time.perf_counter()
            try:
                response = await client.post("/v1/answer", json={"question": question})
                code = str(response.status_code)
            except httpx.HTTPError as exc:
                code = type(exc).__name__
            elapsed = time.perf_counter() - started
            codes[code] = codes.get(code, 0) + 1
            if code == "200":
                latencies.append(elapsed)
            else:
                errors += 1

    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
        wall = time.perf_counter() - started
    return latencies, errors, codes, wall


def run(build_dir: Path, clients: int, requests: int, workers: list[int]) -> dict[str, Any]:
    ensure_index(build_dir)
    questions = [q["question"] for q in eval_questions()]
    out: dict[str, Any] = {"clients": clients, "requests": requests,
                           "distinct_questions": len(questions), "runs": {}}
    for n in workers:
        with serve(build_dir, workers=n) as server, RssSampler(server.pid) as rss:
            asyncio.run(load(server.url, questions, clients, min(64, requests)))  # warm
            latencies, errors, codes, wall = asyncio.run(
                load(server.url, questions, clients, requests))
            peak, peak_one = rss.peak, rss.peak_per_process
        out["runs"][f"workers_{n}"] = {
            "workers": n, "wall_s": round(wall, 2),
            "throughput_rps": round(len(latencies) / wall, 2),
            "latency": summary_ms(latencies) if latencies else {},
            "errors": errors, "status_codes": codes,
            "server_peak_rss_mib": round(peak / 2**20, 1),
            "largest_process_peak_rss_mib": round(peak_one / 2**20, 1),
        }
        print(out["runs"][f"workers_{n}"], flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=640)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    record("concurrency", lambda: run(args.build_dir, args.clients, args.requests, args.workers))


if __name__ == "__main__":
    main()
