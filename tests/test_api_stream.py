"""Server-sent events: progress steps in order, then the answer, on GET and on POST."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.state import AppState
from assistant.api.streaming import sse
from assistant.pipeline import Pipeline
from assistant.settings import Settings

GLD_LEEDS = "What percentage of children in Leeds reached a good level of development in 2018?"
SSE = {"Accept": "text/event-stream"}


@pytest.fixture(scope="module")
def client(pipeline: Pipeline, small_index: Settings) -> TestClient:
    app = create_app(small_index, with_ui=False)
    app.state.ndl = AppState(pipeline=pipeline, index_mtime=small_index.duckdb_path.stat().st_mtime)
    return TestClient(app, raise_server_exceptions=False)


def parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    """SSE frames → (event, JSON data); every frame must be well formed."""
    events = []
    for frame in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in frame.splitlines())
        assert set(fields) == {"event", "data"}, frame
        events.append((fields["event"], json.loads(fields["data"])))
    return events


def assert_streamed_answer(events: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    names = [e for e, _ in events]
    assert names == ["progress", "progress", "progress", "answer"]
    assert [d["step"] for _, d in events[:3]] == ["retrieving", "planning", "querying"]
    answer = events[-1][1]
    assert answer["status"] == "answered"
    assert answer["value"] == pytest.approx(65.7)
    return answer


def test_get_stream(client: TestClient) -> None:
    with client.stream("GET", "/v1/answer/stream", params={"question": GLD_LEEDS}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["x-request-id"]
        text = "".join(response.iter_text())
    assert_streamed_answer(parse(text))


def test_post_with_accept_event_stream(client: TestClient) -> None:
    response = client.post("/v1/answer", json={"question": GLD_LEEDS}, headers=SSE)
    assert response.headers["content-type"].startswith("text/event-stream")
    answer = assert_streamed_answer(parse(response.text))
    assert answer["conversation_id"]


def test_stream_follow_up_in_a_conversation(client: TestClient) -> None:
    first = parse(client.post("/v1/answer", json={"question": GLD_LEEDS}, headers=SSE).text)
    conversation = first[-1][1]["conversation_id"]
    follow = parse(client.get("/v1/answer/stream", params={
        "question": "And in 2017?", "conversation_id": conversation}).text)
    answer = follow[-1][1]
    assert follow[-1][0] == "answer" and answer["conversation_id"] == conversation
    assert answer["table"]["rows"][0][1:3] == ["Leeds", "2016/17"]  # assessed summer 2017


def test_clarification_streams_without_planning_steps(client: TestClient) -> None:
    events = parse(client.get("/v1/answer/stream", params={
        "question": "What is life expectancy in Newcastle?"}).text)
    assert [e for e, _ in events] == ["progress", "answer"]
    assert events[-1][1]["status"] == "clarify"


@pytest.mark.parametrize("question", ["", "x" * 5000])
def test_bad_question_is_a_json_error_before_the_stream(client: TestClient,
                                                        question: str) -> None:
    long_post = {"question": question * 20}  # 100 KB in a body; URLs cannot carry that
    for response in (client.get("/v1/answer/stream", params={"question": question}),
                     client.post("/v1/answer", json=long_post, headers=SSE)):
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid_request"


def test_missing_question_is_invalid_request(client: TestClient) -> None:
    response = client.get("/v1/answer/stream")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_frames_are_single_line_json() -> None:
    frame = sse("answer", {"text": "two\nlines", "emoji": "£"})
    assert frame == 'event: answer\ndata: {"text": "two\\nlines", "emoji": "£"}\n\n'
