"""Per-client request limits: an in-memory sliding window of request times.

One process, no shared store: enough to stop a runaway script hammering a single
server, and cheap. Behind several workers each worker counts on its own.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

WINDOW_S = 60.0


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after_s: int


class SlidingWindowLimiter:
    """At most `limit` requests per client in any `window_s` seconds."""

    def __init__(self, limit: int, window_s: float = WINDOW_S,
                 clock: Callable[[], float] = time.monotonic, max_clients: int = 10000) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self.max_clients = max_clients
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, client: str) -> Decision:
        """Count one request from `client` unless it is over the limit."""
        now = self.clock()
        with self._lock:
            times = self._hits.setdefault(client, deque())
            while times and times[0] <= now - self.window_s:
                times.popleft()
            if len(times) >= self.limit:
                wait = math.ceil(times[0] + self.window_s - now)
                return Decision(False, self.limit, 0, max(1, wait))
            times.append(now)
            self._forget_idle(now)
            return Decision(True, self.limit, self.limit - len(times), 0)

    def _forget_idle(self, now: float) -> None:
        """Keep memory bounded: drop clients with no request in the window."""
        if len(self._hits) <= self.max_clients:
            return
        idle = [k for k, t in self._hits.items() if not t or t[-1] <= now - self.window_s]
        for key in idle:
            del self._hits[key]
