"""The /v1 API through FastAPI's TestClient on the small real index: answers, follow-ups,
clarifications, the catalogue routes and every error shape."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.state import AppState
from assistant.pipeline import Pipeline
from assistant.settings import Settings

GLD_LEEDS = "What percentage of children in Leeds reached a good level of development in 2018?"
NEWCASTLE = "What is life expectancy in Newcastle?"


def client_for(pipeline: Pipeline, settings: Settings, **overrides: Any) -> TestClient:
    """An API-only app on the shared pipeline (models load once per test session)."""
    app = create_app(settings.model_copy(update=overrides), with_ui=False)
    app.state.ndl = AppState(pipeline=pipeline,  # the index on disk is the one it loaded
                             index_mtime=settings.duckdb_path.stat().st_mtime)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(pipeline: Pipeline, small_index: Settings) -> TestClient:
    return client_for(pipeline, small_index)


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert "Traceback" not in response.text
    return dict(body["error"])


# answers ----------------------------------------------------------------------------------

def test_answer_has_the_contract(client: TestClient) -> None:
    response = client.post("/v1/answer", json={"question": GLD_LEEDS})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "answered"
    assert body["value"] == pytest.approx(65.7)
    assert body["unit"] == "%"
    assert body["datasets"][0]["publisher"] == "Department for Education"
    assert "LIMIT" in body["sql"]
    assert body["chart"]["kind"] == "number"
    assert body["conversation_id"]
    assert {"status", "text", "table", "caveats", "timings_ms", "hits"} <= set(body)


def test_follow_up_keeps_context(client: TestClient) -> None:
    first = client.post("/v1/answer", json={"question": GLD_LEEDS}).json()
    follow = client.post("/v1/answer", json={"question": "And in 2017?",
                                             "conversation_id": first["conversation_id"]})
    direct = client.post("/v1/answer", json={"question": GLD_LEEDS.replace("2018", "2017")})
    assert follow.status_code == 200
    body = follow.json()
    assert body["conversation_id"] == first["conversation_id"]
    assert body["status"] == "answered"
    assert body["value"] == pytest.approx(direct.json()["value"])
    assert body["table"]["rows"][0][1:3] == ["Leeds", "2016/17"]  # assessed summer 2017


def test_clarification_option_round_trip(client: TestClient) -> None:
    asked = client.post("/v1/answer", json={"question": NEWCASTLE}).json()
    assert asked["status"] == "clarify"
    options = asked["clarification"]["options"]
    tyne = next(o for o in options if "upon Tyne" in o)
    picked = client.post("/v1/answer", json={"question": tyne,
                                             "conversation_id": asked["conversation_id"]})
    body = picked.json()
    assert body["status"] == "answered", body["text"]
    assert {row[1] for row in body["table"]["rows"]} == {"Newcastle upon Tyne"}


def test_unknown_conversation_id_starts_a_new_one(client: TestClient) -> None:
    body = client.post("/v1/answer", json={"question": GLD_LEEDS,
                                           "conversation_id": "never-seen-1"}).json()
    assert body["status"] == "answered" and body["conversation_id"] == "never-seen-1"


# answer errors -----------------------------------------------------------------------------

def test_bad_json_is_invalid_request(client: TestClient) -> None:
    response = client.post("/v1/answer", content=b'{"question": ',
                           headers={"Content-Type": "application/json"})
    error = assert_error(response, 422, "invalid_request")
    assert "JSON" in error["message"]


@pytest.mark.parametrize("body", [{}, {"question": 42}, {"question": None}, [], "text"])
def test_malformed_body_is_invalid_request(client: TestClient, body: Any) -> None:
    error = assert_error(client.post("/v1/answer", json=body), 422, "invalid_request")
    assert error["details"]["problems"]


@pytest.mark.parametrize("question", ["", "   ", "\x00\x01"])
def test_empty_question(client: TestClient, question: str) -> None:
    error = assert_error(client.post("/v1/answer", json={"question": question}), 400,
                         "invalid_request")
    assert error["message"] == "The question is empty."


def test_100_kb_question_is_refused_without_echoing_it(client: TestClient) -> None:
    response = client.post("/v1/answer", json={"question": "x" * 100_000})
    error = assert_error(response, 400, "invalid_request")
    assert error["details"]["length"] == 100_000
    assert len(response.content) < 1000


def test_bad_conversation_id_is_invalid_request(client: TestClient) -> None:
    response = client.post("/v1/answer", json={"question": GLD_LEEDS,
                                               "conversation_id": "../../etc"})
    assert_error(response, 422, "invalid_request")


def test_wrong_method_and_unknown_route(client: TestClient) -> None:
    assert_error(client.get("/v1/answer"), 405, "method_not_allowed")
    assert_error(client.get("/v1/nothing-here"), 404, "not_found")


# catalogue ---------------------------------------------------------------------------------

def test_collections(client: TestClient) -> None:
    body = client.get("/v1/collections").json()
    assert body["total"] == len(body["collections"]) > 0
    early = next(c for c in body["collections"] if c["id"] == "early-years")
    assert early["examples"] and early["href"] == "/v1/collections/early-years"
    assert early["dataset_count"] == len(early["dataset_ids"])


def test_one_collection_has_datasets_and_examples(client: TestClient) -> None:
    body = client.get("/v1/collections/early-years").json()
    assert GLD_LEEDS in body["examples"]
    assert any(d["id"] == "eyfsp_gld_2016_2018" for d in body["datasets"])
    assert {"title", "publisher", "licence", "time_coverage", "geography"} <= set(
        body["datasets"][0])


def test_unknown_collection_and_dataset(client: TestClient) -> None:
    error = assert_error(client.get("/v1/collections/nope"), 404, "not_found")
    assert error["details"] == {"collection_id": "nope"}
    assert_error(client.get("/v1/datasets/nope"), 404, "not_found")


def test_dataset_list_pages_until_next_is_null(client: TestClient) -> None:
    first = client.get("/v1/datasets", params={"limit": 2}).json()
    total, seen, url = first["total"], [], "/v1/datasets?limit=2"
    while url:
        page = client.get(url).json()
        assert page["total"] == total and len(page["datasets"]) <= 2
        seen += [d["id"] for d in page["datasets"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == total > 2


def test_dataset_search_is_semantic(client: TestClient) -> None:
    body = client.get("/v1/datasets", params={"q": "households that cannot afford heating",
                                              "limit": 2}).json()
    assert body["q"] == "households that cannot afford heating"
    assert body["total"] is None
    assert body["datasets"][0]["id"] == "fuel_poverty_2021"
    scores = [d["score"] for d in body["datasets"]]
    assert scores == sorted(scores, reverse=True) and len(scores) <= 2
    assert body["next"] is None or "offset=2" in body["next"]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1},
                                    {"limit": "many"}])
def test_bad_paging_is_invalid_request(client: TestClient, params: dict[str, Any]) -> None:
    assert_error(client.get("/v1/datasets", params=params), 422, "invalid_request")


def test_empty_search_is_invalid_request(client: TestClient) -> None:
    assert_error(client.get("/v1/datasets", params={"q": " "}), 400, "invalid_request")


def test_dataset_detail_has_sample_rows_from_the_guarded_path(client: TestClient) -> None:
    body = client.get("/v1/datasets/fuel_poverty_2021").json()
    assert body["publisher"] and body["licence"]
    assert body["columns"] and body["measures"]
    assert body["coverage"]["years"] == [2021]
    sample = body["sample"]
    assert sample["sql"] == 'SELECT * FROM "fuel_poverty_2021" LIMIT 10'
    assert 0 < len(sample["rows"]) <= 10
    assert sample["columns"] == [c["name"] for c in body["columns"]]


def test_health_and_sql(client: TestClient) -> None:
    health = client.get("/v1/health").json()
    assert health["status"] == "ok" and health["datasets"] > 0 and health["collections"] > 0
    ok = client.post("/v1/sql", json={"sql": "SELECT area_name FROM fuel_poverty_2021"}).json()
    assert ok["status"] == "ok" and ok["rows"]
    refused = client.post("/v1/sql", json={"sql": "DROP TABLE fuel_poverty_2021"}).json()
    assert refused["status"] == "rejected" and refused["reason"] == "not_select"


def test_openapi_documents_routes_examples_and_errors(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ["/v1/answer", "/v1/answer/stream", "/v1/collections",
                 "/v1/collections/{collection_id}", "/v1/datasets", "/v1/datasets/{dataset_id}",
                 "/v1/health", "/v1/sql"]:
        assert path in paths, path
    answer = paths["/v1/answer"]["post"]
    assert answer["requestBody"]["content"]["application/json"]["examples"]
    assert "text/event-stream" in answer["responses"]["200"]["content"]
    assert "ErrorBody" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 200
