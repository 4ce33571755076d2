"""Finish the bulk index (national catalogue, legislation) while the server already answers.

Embedding ~22k search-only documents takes minutes on two cores; the curated datasets that
answer questions take seconds. `ndl serve` with one worker starts this job in a thread, so a
cold `make run` is usable at once and search results fill in as the job progresses.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from assistant.settings import Settings

if TYPE_CHECKING:
    from indexing.documents import Document

log = logging.getLogger(__name__)
State = Literal["idle", "running", "done", "failed"]
Documents = list[tuple[str, list["Document"]]]


@dataclass
class IndexProgress:
    """What the job has done so far; read by /v1/health and by discovery answers."""

    state: State = "idle"
    done: int = 0
    total: int = 0
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def advance(self, count: int) -> None:
        with self.lock:
            self.done += count

    @property
    def running(self) -> bool:
        return self.state == "running"

    def summary(self) -> str:
        return f"{self.done:,} of {self.total:,} search documents indexed"


PROGRESS = IndexProgress()


def search_index_state(progress: IndexProgress = PROGRESS) -> str:
    """'complete' unless this process is still (or failed at) finishing the bulk index."""
    if progress.state == "running":
        return f"building: {progress.summary()}"
    if progress.state == "failed":
        return f"failed: {progress.error}"
    return "complete"


def _run(settings: Settings, documents: Documents, progress: IndexProgress,
         on_done: Callable[[], None]) -> None:
    from indexing.build import build_bulk

    try:
        report = build_bulk(settings, advance=progress.advance, documents=documents)
        progress.state = "done"
        log.info("background index done: embedded %d, unchanged %d",
                 report.embedded, report.unchanged)
        on_done()
    except Exception as exc:  # a failed background job must not take the server down
        progress.state, progress.error = "failed", f"{type(exc).__name__}: {exc}"
        log.exception("background index failed")


def start(settings: Settings, on_done: Callable[[], None] = lambda: None,
          progress: IndexProgress = PROGRESS) -> threading.Thread:
    """Read the bulk documents now, then embed them in a daemon thread. Reading first keeps
    DuckDB out of the thread: the server opens the same file with its own configuration."""
    from indexing.build import bulk_documents

    documents = bulk_documents(settings)
    progress.state, progress.done, progress.error = "running", 0, None
    progress.total = sum(len(docs) for _, docs in documents)
    thread = threading.Thread(target=_run, args=(settings, documents, progress, on_done),
                              name="ndl-bulk-index", daemon=True)
    thread.start()
    return thread
