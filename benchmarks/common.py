"""Shared by the benchmarks: the machine, results files, a full index, a served API, RSS."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from assistant.local_servers import free_port, stop_process
from assistant.settings import PROJECT_ROOT, Settings

RESULTS = PROJECT_ROOT / "benchmarks" / "results"
DEFAULT_BUILD = Path(tempfile.gettempdir()) / "ndl-bench-build"


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "ram_gib": round(mem_kb / 2**20, 1), "cpu": cpu,
            "python": platform.python_version(), "platform": platform.platform(),
            "loadavg_1m_at_start": round(os.getloadavg()[0], 2),
            "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "default")}


def pin_torch_threads() -> None:
    """In-process work uses the same torch thread count as the servers (OMP_NUM_THREADS)."""
    threads = os.environ.get("OMP_NUM_THREADS")
    if threads:
        import torch

        torch.set_num_threads(int(threads))


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2),
            "p95_ms": round(percentile(ms, 95), 2), "p99_ms": round(percentile(ms, 99), 2),
            "mean_ms": round(statistics.fmean(ms), 2), "max_ms": round(max(ms), 2)}


def write_result(name: str, data: dict[str, Any], started: dict[str, Any] | None = None
                 ) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"benchmark": name, "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
               "machine": started or machine(), "loadavg_1m_at_end": round(os.getloadavg()[0], 2),
               **data}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    print(json.dumps(payload, indent=2))
    return path


def record(name: str, work: Callable[[], dict[str, Any]]) -> Path:
    """Run one benchmark as each benchmark process does: note the machine (and its load)
    first, pin torch threads, then write what `work` measured to results/<name>.json."""
    started = machine()
    pin_torch_threads()
    return write_result(name, work(), started)


def bench_settings(build_dir: Path) -> Settings:
    return Settings(build_dir=build_dir)


def ensure_index(build_dir: Path) -> Settings:
    """The full index (bundled data + imported catalogues) in `build_dir`, built if absent."""
    settings = bench_settings(build_dir)
    if not settings.duckdb_path.exists():
        from indexing.build import build_index

        print(f"building the full index into {build_dir} …", file=sys.stderr, flush=True)
        build_index(settings)
    return settings


def eval_questions(limit: int | None = None) -> list[dict[str, Any]]:
    """Single-turn questions of the curated eval cases (whatever evals/cases holds now)."""
    from evals.cases import load_cases

    cases = [c for c in load_cases() if not c.follows and c.curated]
    out = [{"id": c.id, "question": c.question, "gold_sql": c.gold_sql, "status": c.status}
           for c in cases]
    return out[:limit] if limit else out


def worker_rss(pid: int) -> list[int]:
    """RSS of each process in the tree (the uvicorn supervisor and its workers)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []
    out = []
    for p in procs:
        try:
            out.append(p.memory_info().rss)
        except psutil.NoSuchProcess:
            continue
    return out


class RssSampler:
    """Samples a process tree's RSS in a thread; `peak` is the highest total seen."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.peak_per_process = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            sizes = worker_rss(self.pid)
            self.peak = max(self.peak, sum(sizes))
            self.peak_per_process = max([self.peak_per_process, *sizes])
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class Server:
    def __init__(self, url: str, process: subprocess.Popen[bytes]) -> None:
        self.url, self.process = url, process

    @property
    def pid(self) -> int:
        return self.process.pid


@contextmanager
def serve(build_dir: Path, workers: int = 1, timeout: float = 300.0) -> Iterator[Server]:
    """The API (no UI) on a free port: `ndl serve --no-ui` for one worker, uvicorn with the
    app's own factory (`assistant.api.app:app_from_env`) for more."""
    port = free_port()
    env = {**os.environ, "NDL_BUILD_DIR": str(build_dir), "NDL_RATE_LIMIT_PER_MINUTE": "0",
           "NDL_SERVE_UI": "0", "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    env.pop("NDL_API_KEY", None)
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - open for the server's lifetime
        prefix="ndl-bench-server-", suffix=".log", delete=False)
    process = subprocess.Popen(_serve_command(port, workers), cwd=PROJECT_ROOT, env=env,
                               stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, Path(log.name), timeout)
        if workers > 1:  # every worker loads its models before it accepts; give them time
            warm_workers(url, workers)
        yield Server(url, process)
    finally:
        stop_process(process, timeout=30)
        log.close()


def _serve_command(port: int, workers: int) -> list[str]:
    if workers == 1:
        return [sys.executable, "-m", "assistant.cli", "serve", "--no-ui", "--host",
                "127.0.0.1", "--port", str(port)]
    return [sys.executable, "-m", "uvicorn", "--factory", "assistant.api.app:app_from_env",
            "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
            "--log-level", "warning"]


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path,
                  timeout: float) -> None:
    """Poll /v1/health until it answers 200; fail if the server exits or takes too long."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/v1/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("server did not become healthy in time")
        time.sleep(0.5)


def warm_workers(url: str, workers: int) -> None:
    """Send a few requests so each worker has loaded its resources and run once."""
    with httpx.Client(timeout=120) as client:
        for _ in range(workers * 4):
            client.post(f"{url}/v1/answer", json={"question": "population of Leeds"})
