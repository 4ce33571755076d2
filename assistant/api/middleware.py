"""Pure-ASGI middleware: request ids, API-key auth and per-client rate limits.

Pure ASGI (not BaseHTTPMiddleware) so server-sent event streams pass through untouched.
Stack, outermost first: request id → CORS → access control → routes; CORS sits outside
access control so browsers can read a 401 or 429, and preflights never need a key.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api import logs
from assistant.api.errors import error_response
from assistant.api.ratelimit import Decision, SlidingWindowLimiter
from assistant.settings import Settings

log = logging.getLogger("ndl.api")
REQUEST_ID = "X-Request-ID"
API_KEY = "X-API-Key"
GOOD_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
OPEN_PATHS = frozenset({"/v1/health"})


def is_api_path(path: str) -> bool:
    return path == "/v1" or path.startswith("/v1/")


def incoming_request_id(headers: Headers) -> str:
    """The caller's id if it is safe to echo into headers and logs, else a new one."""
    given = headers.get(REQUEST_ID, "")
    return given if GOOD_ID.match(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Tags each request with an id (echoed as X-Request-ID) and logs one line per API call.

    Also the last line of defence: an exception nothing else handled becomes the JSON
    500 body, with the id, instead of a stack trace.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = incoming_request_id(Headers(scope=scope))
        token = logs.request_id.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        started, status = time.perf_counter(), [500, False]

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[:] = [message["status"], True]
                MutableHeaders(scope=message)[REQUEST_ID] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unexpected error on %s", scope.get("path"))
            if not status[1]:
                await error_response(500, "internal_error", "Something went wrong on our side.",
                                     headers={REQUEST_ID: rid})(scope, receive, send)
        finally:
            if is_api_path(scope.get("path", "")):
                log.info("%s %s -> %s in %.1f ms", scope.get("method"), scope.get("path"),
                         status[0], (time.perf_counter() - started) * 1000)
            logs.request_id.reset(token)


class AccessControlMiddleware:
    """Optional API key (X-API-Key) and rate limit on /v1, both off unless configured.

    /v1/health stays open so load balancers can probe. Clients are counted by their key
    when it is valid, else by IP, so guessing keys is rate limited too.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.api_key = settings.api_key or None
        per_minute = settings.rate_limit_per_minute
        self.limiter = SlidingWindowLimiter(per_minute) if per_minute > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope.get("method") == "OPTIONS"
                or not is_api_path(path) or path in OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        authorised = self._authorised(headers.get(API_KEY))
        decision = self._count(scope, headers.get(API_KEY) if authorised else None)
        if decision is not None and not decision.allowed:
            await _too_many(decision)(scope, receive, send)
        elif not authorised:
            await error_response(401, "unauthorized", "A valid X-API-Key header is required.",
                                 )(scope, receive, send)
        else:
            await self.app(scope, receive, _with_limit_headers(send, decision))

    def _authorised(self, given: str | None) -> bool:
        if self.api_key is None:
            return True
        return given is not None and secrets.compare_digest(given.encode(), self.api_key.encode())

    def _count(self, scope: Scope, key: str | None) -> Decision | None:
        if self.limiter is None:
            return None
        return self.limiter.hit(client_key(scope, key))


def client_key(scope: Scope, api_key: str | None) -> str:
    """Who to count a request against: a hash of a valid key, else the client address."""
    if api_key:
        return "key:" + hashlib.sha256(api_key.encode()).hexdigest()[:16]
    client = scope.get("client")
    return "ip:" + (client[0] if client else "unknown")


def _too_many(decision: Decision) -> ASGIApp:
    return error_response(
        429, "rate_limited",
        f"Too many requests: at most {decision.limit} a minute. Try again shortly.",
        headers={"Retry-After": str(decision.retry_after_s),
                 "X-RateLimit-Limit": str(decision.limit), "X-RateLimit-Remaining": "0"},
        limit_per_minute=decision.limit, retry_after_s=decision.retry_after_s)


def _with_limit_headers(send: Send, decision: Decision | None) -> Send:
    if decision is None:
        return send

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers["X-RateLimit-Limit"] = str(decision.limit)
            headers["X-RateLimit-Remaining"] = str(decision.remaining)
        await send(message)

    return wrapped
