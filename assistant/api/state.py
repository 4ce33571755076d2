"""What the API keeps between requests: the pipeline (loaded once) and the conversations."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from fastapi import FastAPI, Request

from assistant.conversation import Conversation, ConversationStore
from assistant.execution import close_stale
from assistant.pipeline import Pipeline
from assistant.resources import Resources

_load_lock = threading.Lock()


@dataclass
class Conversations:
    """ConversationStore behind a lock: requests run in worker threads."""

    store: ConversationStore = field(default_factory=ConversationStore)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, conversation_id: str | None) -> Conversation:
        """The conversation with this id, or a new one (ids are kept only in memory)."""
        with self.lock:
            return self.store.get(conversation_id)


@dataclass
class AppState:
    pipeline: Pipeline
    conversations: Conversations = field(default_factory=Conversations)
    index_mtime: float | None = None  # of the DuckDB file this pipeline was loaded from


def _index_mtime(app: FastAPI) -> float | None:
    try:
        return float(app.state.settings.duckdb_path.stat().st_mtime)
    except OSError:
        return None


def refresh(app: FastAPI) -> None:
    """Load a pipeline over the index on disk now (after `ndl index` or `ndl add`)."""
    current: AppState | None = getattr(app.state, "ndl", None)
    if current is None:
        return  # nothing loaded yet: the first request loads the new index
    with _load_lock:
        mtime = _index_mtime(app)
        current.pipeline = Pipeline(Resources.load(app.state.settings))
        current.index_mtime = mtime
    close_stale()  # the old file's query instance, once its last query ends


def state(app: FastAPI) -> AppState:
    """Load models and indexes once per process, and again when the index file is replaced,
    so every worker process follows a rebuild or an added dataset."""
    current: AppState | None = getattr(app.state, "ndl", None)
    if current is None:
        with _load_lock:
            current = getattr(app.state, "ndl", None)
            if current is None:
                mtime = _index_mtime(app)
                current = AppState(pipeline=Pipeline(Resources.load(app.state.settings)),
                                   index_mtime=mtime)
                app.state.ndl = current
    elif current.index_mtime != _index_mtime(app):
        refresh(app)
    return current


def loaded_state(app: FastAPI) -> AppState | None:
    """The state if a request has loaded it already; never loads it."""
    return getattr(app.state, "ndl", None)


def app_state(request: Request) -> AppState:
    """FastAPI dependency: the shared state of the app serving this request."""
    return state(request.app)
