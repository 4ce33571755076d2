"""Legislation search, look-up, legal answers and the /v1/legislation routes, on the small
real index (its `legislation` table is the full legislation.gov.uk list)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from assistant.errors import InvalidRequest
from assistant.legal import (
    LEGAL_CAVEAT,
    is_legal_search,
    legal_answer,
    read_legal_query,
    wants_figures,
    with_legal_caveat,
)
from assistant.legislation import (
    LegislationItem,
    get_legislation,
    legal_caveat,
    search_legislation,
)
from assistant.models import Answer
from assistant.resources import Resources
from assistant.settings import Settings
from indexing.legislation_docs import LEGISLATION, legislation_documents, title_status

CAVEAT_START = "This is information about legislation and public data, not legal advice."


@pytest.fixture(scope="module")
def res(pipeline: Any) -> Resources:
    resources: Resources = pipeline.resources
    return resources


def keys(items: list[LegislationItem]) -> list[str]:
    return [f"{i.type}/{i.year}/{i.number}" for i in items]


# --------------------------------------------------------------------------- index time


def test_builder_makes_one_document_per_item(small_index: Settings) -> None:
    with duckdb.connect(str(small_index.duckdb_path), read_only=True) as con:
        name, docs = legislation_documents(small_index, con)
        rows = con.execute("SELECT count(*) FROM legislation").fetchone()
    assert name == LEGISLATION
    assert rows is not None and len(docs) == rows[0] > 8000
    assert len({d.id for d in docs}) == len(docs)
    by_id = {d.id: d for d in docs}
    companies = by_id["ukpga/2006/46"]
    assert companies.text.startswith("Companies Act 2006. UK Public General Act, 2006 c. 46.")
    assert companies.metadata == {"type_code": "ukpga", "category": "primary", "year": 2006,
                                  "number": 46, "status": ""}
    assert by_id["ukpga/1976/60"].metadata["status"] == "repealed"
    # the one SI identified by an ISBN has no number
    assert by_id["uksi/2026/9780348283952"].metadata["number"] == 0


def test_builder_without_the_table_embeds_nothing(tmp_path: Any, small_index: Settings) -> None:
    with duckdb.connect(str(tmp_path / "empty.duckdb")) as con:
        assert legislation_documents(small_index, con) == (LEGISLATION, [])


def test_title_markers_are_read_honestly() -> None:
    assert title_status("Data Protection Act 1984 (repealed 1.3.2000)", None) == "repealed"
    assert title_status("The X Regulations 2023 (revoked)", None) == "revoked"
    assert title_status("Companies Act 2006", None) is None
    assert title_status("Whatever", "repealed") == "repealed"


# --------------------------------------------------------------------------- search


def test_search_finds_the_act_before_its_commencement_regulations(res: Resources) -> None:
    page = search_legislation(res, "Which law deals with renters' rights?", limit=3)
    assert keys(page.items)[0] == "ukpga/2025/26"
    top = page.items[0]
    assert top.title == "Renters’ Rights Act 2025"
    assert top.url == "https://www.legislation.gov.uk/ukpga/2025/26"
    assert top.type_name == "UK Public General Act" and top.citation == "2025 c. 26"
    assert top.score is not None and top.date is not None
    assert page.total is None and page.next_offset == 3


@pytest.mark.parametrize(("question", "expected"), [
    ("minimum wage for my staff", "ukpga/1998/39"),
    ("health and safety at work", "ukpga/1974/37"),
    ("paying bribes to win contracts", "ukpga/2010/23"),
    ("register of companies and company directors", "ukpga/2006/46"),
])
def test_search_top_three(res: Resources, question: str, expected: str) -> None:
    assert expected in keys(search_legislation(res, question, limit=3).items)


def test_search_filters_type_and_years(res: Resources) -> None:
    page = search_legislation(res, "food", type="uksi", year_from=2024, year_to=2025, limit=20)
    assert page.items
    assert all(i.type == "uksi" and 2024 <= i.year <= 2025 for i in page.items)
    acts = search_legislation(res, "food safety", type="primary", limit=10)
    assert {i.type for i in acts.items} <= {"ukpga", "asp", "nia"}
    assert "ukpga/1990/16" in keys(acts.items)
    scottish = search_legislation(res, "alcohol minimum price", type="asp", limit=5)
    assert {i.type for i in scottish.items} == {"asp"}


def test_search_pages_do_not_overlap(res: Resources) -> None:
    first = search_legislation(res, "employment rights", limit=5)
    second = search_legislation(res, "employment rights", limit=5, offset=5)
    assert first.next_offset == 5 and second.offset == 5
    assert not set(keys(first.items)) & set(keys(second.items))
    scores = [i.score or 0 for i in first.items + second.items]
    assert scores == sorted(scores, reverse=True)


def test_listing_without_a_query_has_a_total(res: Resources) -> None:
    page = search_legislation(res, None, type="asp", limit=10)
    assert page.total == 402
    assert all(i.type == "asp" for i in page.items)
    assert page.items[0].year == 2026  # newest first
    last = search_legislation(res, "", type="asp", limit=10, offset=400)
    assert len(last.items) == 2 and last.next_offset is None
    assert search_legislation(res, "", type="uksi", year_from=2024, year_to=2024,
                              limit=1).total is not None


def test_search_rejects_bad_filters(res: Resources) -> None:
    with pytest.raises(InvalidRequest):
        search_legislation(res, "food", type="bylaws")
    with pytest.raises(InvalidRequest):
        search_legislation(res, "food", year_from=2025, year_to=2020)
    with pytest.raises(InvalidRequest):
        search_legislation(res, "food", limit=0)


def test_get_legislation_reads_one_item(res: Resources) -> None:
    item = get_legislation(res, "ukpga", 2006, 46)
    assert item is not None and item.title == "Companies Act 2006"
    assert item.status is None and "in force" in item.status_note
    assert "does not" not in item.status_note  # says to check, claims nothing
    assert get_legislation(res, "ukpga", 2006, 9999) is None
    assert get_legislation(res, "nonsense", 2006, 46) is None
    repealed = get_legislation(res, "ukpga", 1984, 35)  # '(repealed 1.3.2000)' in the title
    assert repealed is not None and repealed.status == "repealed"
    isbn = get_legislation(res, "uksi", 2026, "9780348283952")
    assert isbn is not None and isbn.number is None


# --------------------------------------------------------------------------- routing


@pytest.mark.parametrize("question", [
    "which law deals with renters' rights?",
    "regulations about food hygiene made since 2023",
    "what rules apply if I open a food business?",
    "which Acts passed this year affect employers?",
    "where is the register of companies?",
    "Is the Companies Act 2006 relevant to my start-up?",
    "Am I allowed to charge interest on late invoices?",
    "Do I need a premises licence to sell alcohol?",
    "Where can I find the laws and regulations that apply to my business?",
    "Can my pub stay open later during the World Cup — which order allows it?",
])
def test_legal_questions_are_recognised(question: str) -> None:
    assert is_legal_search(question)


@pytest.mark.parametrize("question", [
    "How many statutory instruments were made in 2024?",
    "How many UK Public General Acts were passed in 2024?",
    "What percentage of Acts since 1960 are marked repealed?",
    "Were more Acts of Parliament passed in 2000 or in 2020?",
    "statutory instruments per year since 2023",
    "How many households in Liverpool were fuel poor in 2021?",
    "What percentage of children in Leeds reached a good level of development in 2018?",
    "Which council had the highest fuel poverty rate in 2021?",
    "What is life expectancy for women in Liverpool?",
    "How many food businesses in London have a hygiene rating of 5?",
    "Which datasets cover regulations businesses must follow?",
    "What data is there about adult social care?",
])
def test_other_questions_are_left_to_the_planner(question: str) -> None:
    assert not is_legal_search(question)


def test_year_and_type_phrases_become_filters() -> None:
    since = read_legal_query("regulations about food hygiene made since 2023", 2026)
    assert (since.type, since.year_from, since.year_to) == ("uksi", 2023, None)
    this_year = read_legal_query("which Acts passed this year affect employers?", 2026)
    assert (this_year.type, this_year.year_from, this_year.year_to) == ("primary", 2026, 2026)
    plain = read_legal_query("what law on tenants came in 2025?", 2026)
    assert (plain.type, plain.year_from, plain.year_to) == (None, 2025, 2025)
    scottish = read_legal_query("which Scottish law sets a minimum alcohol price?", 2026)
    assert scottish.type == "asp"
    assert read_legal_query("which law covers food safety?", 2026).year_from is None


def test_pipeline_routes_legal_questions(pipeline: Any, res: Resources) -> None:
    legal = pipeline.answer("Which law deals with renters' rights?")
    assert legal.intent == "legal_search" and legal.caveats[0] == legal_caveat(res)
    counted = pipeline.answer("How many statutory instruments were made in 2024?")
    assert counted.intent != "legal_search"


def test_figures_only_when_asked() -> None:
    assert wants_figures("which law covers food hygiene, and how many businesses are rated 5?")
    assert not wants_figures("which law covers food hygiene?")


# --------------------------------------------------------------------------- answers


def ask(res: Resources, question: str) -> Answer:
    vector = res.embedder.embed_one(question)
    retrieval = res.retriever.retrieve(question, vector, res.settings.retrieval_k)
    return legal_answer(res, question, vector, retrieval)


def test_legal_answer_shape_and_caveat(res: Resources) -> None:
    answer = ask(res, "Which law deals with renters' rights?")
    assert answer.status == "answered"
    assert answer.intent == "legal_search" and answer.collection == "legal"
    assert answer.chart.kind == "none"
    assert answer.caveats[0] == legal_caveat(res)
    assert answer.caveats[0].startswith(CAVEAT_START)
    assert "legislation.gov.uk on 2026-07-10;" in answer.caveats[0]
    assert "does not mean the law is in force" in answer.caveats[0]
    assert answer.table.columns == ["title", "type", "year", "number", "date", "status", "url"]
    assert answer.table.rows[0][0] == "Renters’ Rights Act 2025"
    assert answer.table.rows[0][6] == "https://www.legislation.gov.uk/ukpga/2025/26"
    assert answer.sql is not None and "FROM legislation" in answer.sql
    assert answer.datasets[0].id == "legislation"
    assert "Renters’ Rights Act 2025" in answer.text
    text = answer.text.lower()
    assert "is in force" not in text and "are in force" not in text


def test_legal_answer_applies_year_filters(res: Resources) -> None:
    answer = ask(res, "Which regulations about food were made since 2025?")
    assert answer.status == "answered" and answer.table.rows
    assert all(row[2] >= 2025 and row[1] == "UK Statutory Instrument"  # type: ignore[operator]
               for row in answer.table.rows)
    assert answer.text.startswith("UK Statutory Instruments from 2025")


def test_repealed_items_say_so(res: Resources) -> None:
    answer = ask(res, "Which law was the Insolvency Act 1976?")
    row = next(r for r in answer.table.rows if r[0] == "Insolvency Act 1976 (repealed)")
    assert row[5] == "repealed"
    assert all(r[5] in {"repealed", "revoked", "no marker in title"} for r in answer.table.rows)


def test_odd_royal_assent_dates_are_flagged(res: Resources) -> None:
    answer = ask(res, "Which law deals with company insolvency?")
    assert any(row[0] == "Insolvency Act 1986" for row in answer.table.rows)
    assert any("Insolvency Act 1986" in c and "does not match its year" in c
               for c in answer.caveats)
    assert "Royal Assent 1983" not in answer.text


def test_every_legal_answer_has_the_caveat(res: Resources) -> None:
    for question in ("what rules apply if I open a food business?",
                     "which Acts passed this year affect employers?",
                     "where is the register of companies?",
                     "which law covers unicorn grooming in the year 1900?"):
        answer = ask(res, question)
        assert answer.caveats and answer.caveats[0] == legal_caveat(res), question
        assert answer.intent == "legal_search"


def test_caveat_template_and_other_legal_answers(res: Resources) -> None:
    assert LEGAL_CAVEAT.format(updated="2026-07-10") == legal_caveat(res)
    other = Answer(status="answered", text="25 items.", collection="legal", caveats=["x"])
    assert with_legal_caveat(res, other).caveats == [legal_caveat(res), "x"]
    assert with_legal_caveat(res, with_legal_caveat(res, other)).caveats.count(
        legal_caveat(res)) == 1
    energy = Answer(status="answered", text="1.", collection="energy")
    assert with_legal_caveat(res, energy).caveats == []


def test_figures_are_merged_only_when_asked(res: Resources) -> None:
    question = "Which law covers statutory instruments, and how many were made in 2024?"
    vector = res.embedder.embed_one(question)
    figures = Answer(status="answered", text="1,234 items.", value=1234.0, unit="items",
                     caveats=["from the list"])
    merged = legal_answer(res, question, vector, None, figures=figures)
    assert merged.value == 1234.0 and "1,234 items." in merged.text
    assert merged.caveats[0] == legal_caveat(res)
    plain = legal_answer(res, "Which law covers statutory instruments?", None, None,
                         figures=figures)
    assert plain.value is None


# --------------------------------------------------------------------------- the API


@pytest.fixture(scope="module")
def client(small_index: Settings) -> Iterator[TestClient]:
    from assistant.api.app import create_app
    from assistant.api.routes_legislation import router

    app = create_app(small_index, with_ui=False)
    app.include_router(router)
    # the lead includes this router in create_app before the /v1 catch-all; do the same here
    routes = app.router.routes
    catch_all = [r for r in routes if getattr(r, "path", "") == "/v1/{path:path}"]
    app.router.routes = [r for r in routes if r not in catch_all] + catch_all
    with TestClient(app) as test_client:
        yield test_client


def test_api_search(client: TestClient) -> None:
    response = client.get("/v1/legislation", params={"q": "renters' rights", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["items"][0]["id"] == "ukpga/2025/26"
    assert body["limit"] == 3 and body["offset"] == 0 and body["total"] is None
    assert body["caveat"].startswith(CAVEAT_START)
    assert "offset=3" in body["next"]


def test_api_paging_follows_next(client: TestClient) -> None:
    first = client.get("/v1/legislation", params={"type": "nia", "limit": 50}).json()
    assert first["total"] == 235
    seen = [i["id"] for i in first["items"]]
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [i["id"] for i in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 235


def test_api_filters(client: TestClient) -> None:
    body = client.get("/v1/legislation", params={
        "q": "employment", "type": "uksi", "year_from": 2026, "year_to": 2026, "limit": 10,
    }).json()
    assert body["items"]
    assert all(i["type"] == "uksi" and i["year"] == 2026 for i in body["items"])


def test_api_item_and_404(client: TestClient) -> None:
    ok = client.get("/v1/legislation/ukpga/2006/46")
    assert ok.status_code == 200
    assert ok.json()["item"]["title"] == "Companies Act 2006"
    assert ok.json()["caveat"].startswith(CAVEAT_START)
    missing = client.get("/v1/legislation/ukpga/2006/99999")
    assert missing.status_code == 404
    error = missing.json()["error"]
    assert error["code"] == "not_found" and set(error) == {"code", "message", "details"}
    assert error["details"] == {"type": "ukpga", "year": 2006, "number": "99999"}


def test_api_bad_requests_use_the_error_shape(client: TestClient) -> None:
    bad_type = client.get("/v1/legislation", params={"q": "food", "type": "bylaws"})
    assert bad_type.status_code == 400
    assert bad_type.json()["error"]["code"] == "invalid_request"
    too_many = client.get("/v1/legislation", params={"limit": 500})
    assert too_many.status_code == 422
    assert too_many.json()["error"]["code"] == "invalid_request"
    years = client.get("/v1/legislation", params={"year_from": 2025, "year_to": 2020})
    assert years.status_code == 400
