"""Routing of owners' questions about rules (issue #9): the wording of obligations and
permissions plus a recognised area of business law goes to the legislation; requests for
figures stay with the planner; a rules question no data answers falls back to the law."""

from __future__ import annotations

from typing import Any

import pytest

import assistant.pipeline as pipeline_module
from assistant.legal import legal_answer, legal_fallback
from assistant.legal_wording import about_own_business, is_legal_search, reads_as_rules
from assistant.models import Answer, ChartSpec
from assistant.resources import Resources


@pytest.fixture(scope="module")
def res(pipeline: Any) -> Resources:
    resources: Resources = pipeline.resources
    return resources


@pytest.mark.parametrize("question", [
    "Do I have to give my staff payslips?",
    "Must I pay my workers the living wage?",
    "Can I be disqualified as a director if my company goes bust?",
    "Can a customer sue me years after I did the work?",
    "Could my company be fined for dumping waste?",
    "Do we need planning permission to change the use of our shop?",
    "Is it illegal to sack someone for being pregnant?",
    "Are my employees entitled to sick pay?",
    "Can I sell alcohol from a market stall?",
])
def test_owner_questions_about_rules_go_to_the_legislation(question: str) -> None:
    assert reads_as_rules(question)
    assert is_legal_search(question)


@pytest.mark.parametrize("question", [
    "Can I see the business birth rate in Leeds in 2024?",
    "Can you tell me how many companies were dissolved in Q1 2025?",
    "Could you show me the survival rate of new businesses in York?",
    "Do you have data on food hygiene ratings in London?",
    "Can I compare business deaths in Leeds and Bradford?",
    "Can I trust the pollution figures for Leeds?",
    "Which region is the most responsible for CO2 emissions?",
    "What data can I use about renters in London?",
    "How many employees does Cancer Research UK have?",
])
def test_requests_for_figures_stay_with_the_planner(question: str) -> None:
    assert not reads_as_rules(question)
    assert not is_legal_search(question)


def test_rules_wording_without_an_area_of_law_is_not_routed_by_wording() -> None:
    question = "Do I have to do anything special for my customers' birthday cakes?"
    assert reads_as_rules(question) and about_own_business(question)
    assert not is_legal_search(question)  # left to the planner, then perhaps the fallback


def test_own_business_setting() -> None:
    assert about_own_business("Can I put tables outside my café?")
    assert about_own_business("What do employers have to do about heat at work?")
    assert not about_own_business("Can I park outside my house?")


def test_fallback_only_for_owners_questions_about_rules(res: Resources) -> None:
    vector = res.embedder.embed_one("Which region has the most food businesses?")
    assert legal_fallback(res, "Which region has the most food businesses?", vector, None) \
        is None
    assert legal_fallback(res, "Can I park outside my house?", vector, None) is None


def test_a_best_match_below_min_score_is_no_match(res: Resources) -> None:
    question = "Which law deals with renters' rights?"
    vector = res.embedder.embed_one(question)
    assert legal_answer(res, question, vector, None, min_score=-1.0).status == "answered"
    unsure = legal_answer(res, question, vector, None, min_score=100.0)
    assert unsure.status == "no_answer" and unsure.caveats[0].startswith("This is information")


def _no_data() -> Answer:
    return Answer(status="no_answer", text="no data", chart=ChartSpec(kind="none"))


def test_pipeline_falls_back_to_the_law_only_when_no_data_answered(
        pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    law = Answer(status="answered", text="law", intent="legal_search", collection="legal",
                 chart=ChartSpec(kind="none"))
    monkeypatch.setattr(pipeline_module, "legal_fallback", lambda *a: law)
    question = "Do I have to do anything special for my customers' birthday cakes?"
    vector = pipeline.resources.embedder.embed_one(question)
    assert pipeline._legal(question, vector, None, _no_data()) is law
    figures = Answer(status="answered", text="42", chart=ChartSpec(kind="none"))
    assert pipeline._legal(question, vector, None, figures) is figures
    monkeypatch.setattr(pipeline_module, "legal_fallback", lambda *a: None)
    assert pipeline._legal(question, vector, None, _no_data()).text == "no data"


def test_a_rules_question_close_to_an_area_of_law_goes_to_the_law(pipeline: Any) -> None:
    answer = pipeline.answer("Do I have to put my staff into a pension?")
    assert answer.intent == "legal_search" and answer.status == "answered"
    assert "workplace pensions" in answer.text.lower()
    assert "not legal advice" in answer.caveats[0]
