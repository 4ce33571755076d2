"""Cross-cutting API behaviour: API keys, rate limits, CORS, request ids and the 500 shape."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.ratelimit import SlidingWindowLimiter
from assistant.api.state import AppState
from assistant.pipeline import Pipeline
from assistant.settings import Settings

GLD_LEEDS = "What percentage of children in Leeds reached a good level of development in 2018?"


def client_for(pipeline: Pipeline, settings: Settings, **overrides: Any) -> TestClient:
    app = create_app(settings.model_copy(update=overrides), with_ui=False)
    app.state.ndl = AppState(pipeline=pipeline, index_mtime=settings.duckdb_path.stat().st_mtime)
    return TestClient(app, raise_server_exceptions=False)


def error_code(response: Any) -> str:
    assert "Traceback" not in response.text
    return str(response.json()["error"]["code"])


# auth -------------------------------------------------------------------------------------

def test_auth_is_off_by_default(pipeline: Pipeline, small_index: Settings) -> None:
    client = client_for(pipeline, small_index)
    assert client.get("/v1/collections").status_code == 200


def test_api_key_required_when_set(pipeline: Pipeline, small_index: Settings) -> None:
    client = client_for(pipeline, small_index, api_key="s3cret")
    missing = client.get("/v1/collections")
    assert missing.status_code == 401 and error_code(missing) == "unauthorized"
    wrong = client.post("/v1/answer", json={"question": GLD_LEEDS},
                        headers={"X-API-Key": "guess"})
    assert wrong.status_code == 401 and error_code(wrong) == "unauthorized"
    right = client.get("/v1/collections", headers={"X-API-Key": "s3cret"})
    assert right.status_code == 200
    assert client.get("/v1/health").status_code == 200  # probes stay open
    assert client.get("/openapi.json").status_code == 200


# rate limits ------------------------------------------------------------------------------

def test_rate_limit_per_client(pipeline: Pipeline, small_index: Settings) -> None:
    client = client_for(pipeline, small_index, rate_limit_per_minute=3)
    statuses = [client.get("/v1/collections").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    limited = client.get("/v1/collections")
    assert limited.status_code == 429 and error_code(limited) == "rate_limited"
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert client.get("/v1/health").status_code == 200


def test_rate_limit_counts_keys_separately_from_addresses(
        pipeline: Pipeline, small_index: Settings) -> None:
    client = client_for(pipeline, small_index, rate_limit_per_minute=2, api_key="k1")
    for _ in range(2):
        assert client.get("/v1/collections", headers={"X-API-Key": "k1"}).status_code == 200
    assert client.get("/v1/collections", headers={"X-API-Key": "k1"}).status_code == 429
    # guesses are counted by address, and are limited too
    assert client.get("/v1/collections", headers={"X-API-Key": "no"}).status_code == 401
    assert client.get("/v1/collections", headers={"X-API-Key": "no"}).status_code == 401
    assert client.get("/v1/collections", headers={"X-API-Key": "no"}).status_code == 429


def test_sliding_window_frees_requests_as_they_age() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(2, window_s=60, clock=lambda: now[0])
    assert limiter.hit("a").allowed and limiter.hit("a").allowed
    blocked = limiter.hit("a")
    assert not blocked.allowed and blocked.retry_after_s == 60
    assert limiter.hit("b").allowed
    now[0] = 59.0
    assert not limiter.hit("a").allowed
    now[0] = 60.5
    decision = limiter.hit("a")
    assert decision.allowed and decision.remaining == 1


# CORS -------------------------------------------------------------------------------------

def test_cors_allows_configured_origins_only(pipeline: Pipeline, small_index: Settings) -> None:
    client = client_for(pipeline, small_index, cors_origins=["https://example.org"],
                        api_key="s3cret")
    allowed = client.get("/v1/health", headers={"Origin": "https://example.org"})
    assert allowed.headers["access-control-allow-origin"] == "https://example.org"
    assert "X-Request-ID" in allowed.headers["access-control-expose-headers"]
    other = client.get("/v1/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = client.options("/v1/answer", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "X-API-Key, Content-Type"})
    assert preflight.status_code == 200  # no key needed for a preflight
    denied = client.get("/v1/collections", headers={"Origin": "https://example.org"})
    assert denied.status_code == 401  # and browsers may read why
    assert denied.headers["access-control-allow-origin"] == "https://example.org"


def test_no_cors_headers_by_default(pipeline: Pipeline, small_index: Settings) -> None:
    client = client_for(pipeline, small_index)
    response = client.get("/v1/health", headers={"Origin": "https://example.org"})
    assert "access-control-allow-origin" not in response.headers


# request ids and failures -----------------------------------------------------------------

def test_request_id_generated_echoed_and_logged(
        pipeline: Pipeline, small_index: Settings) -> None:
    client = client_for(pipeline, small_index)
    generated = client.get("/v1/health").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("ndl.api")
    logger.addHandler(handler)
    try:
        echoed = client.get("/v1/collections", headers={"X-Request-ID": "abc-123"})
    finally:
        logger.removeHandler(handler)
    assert echoed.headers["X-Request-ID"] == "abc-123"
    assert any(getattr(r, "request_id", None) == "abc-123" and "/v1/collections" in
               r.getMessage() for r in records)
    unsafe = client.get("/v1/health", headers={"X-Request-ID": "bad id\twith spaces"})
    assert re.fullmatch(r"[0-9a-f]{32}", unsafe.headers["X-Request-ID"])


def test_errors_carry_the_request_id(pipeline: Pipeline, small_index: Settings) -> None:
    client = client_for(pipeline, small_index, api_key="s3cret")
    response = client.get("/v1/collections", headers={"X-Request-ID": "req-401"})
    assert response.status_code == 401 and response.headers["X-Request-ID"] == "req-401"


def test_unexpected_error_is_json_without_a_stack_trace(
        pipeline: Pipeline, small_index: Settings) -> None:
    client = client_for(pipeline, small_index)

    def boom() -> None:
        raise RuntimeError("secret internals /home/someone/file.py line 3")

    client.app.add_api_route("/boom", boom)  # type: ignore[attr-defined]
    response = client.get("/boom", headers={"X-Request-ID": "req-500"})
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "internal_error",
                                         "message": "Something went wrong on our side.",
                                         "details": {}}}
    assert "secret internals" not in response.text
    assert response.headers["X-Request-ID"] == "req-500"


@pytest.mark.parametrize("path", ["/v1/datasets/" + "x" * 5000, "/v1/collections/%00"])
def test_odd_ids_are_not_found(pipeline: Pipeline, small_index: Settings, path: str) -> None:
    response = client_for(pipeline, small_index).get(path)
    assert response.status_code == 404 and error_code(response) == "not_found"
    assert len(response.content) < 1000
