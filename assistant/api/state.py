"""What the API keeps between requests: the pipeline (loaded once) and the conversations."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from fastapi import FastAPI, Request

from assistant.conversation import Conversation, ConversationStore
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


def state(app: FastAPI) -> AppState:
    """Load models and indexes once per process (at startup, or on first use)."""
    current: AppState | None = getattr(app.state, "ndl", None)
    if current is None:
        with _load_lock:
            current = getattr(app.state, "ndl", None)
            if current is None:
                current = AppState(pipeline=Pipeline(Resources.load(app.state.settings)))
                app.state.ndl = current
    return current


def loaded_state(app: FastAPI) -> AppState | None:
    """The state if a request has loaded it already; never loads it."""
    return getattr(app.state, "ndl", None)


def app_state(request: Request) -> AppState:
    """FastAPI dependency: the shared state of the app serving this request."""
    return state(request.app)
