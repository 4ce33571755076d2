"""`ndl eval` runs the legislation search eval too: its section of the summary, the table it
prints, and the threshold that fails the run below it."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console

from evals.harness import failures, thresholds
from evals.legal import LegalCaseResult, legal_section, load_legal_cases, run_legal_eval, summarise
from evals.report import print_summary

BLOCK = {
    "cases": 2,
    "execution_accuracy": 1.0,
    "recall_at_1": 1.0,
    "recall_at_5": 1.0,
    "latency_p50_ms": 1.0,
    "latency_p95_ms": 1.0,
}


def result(id_: str, group: str, found: bool, first: bool = False) -> LegalCaseResult:
    return LegalCaseResult(
        id=id_,
        question=id_,
        split=group,
        routed=True,
        expected=["ukpga/2006/46"],
        found=["ukpga/2006/46"] if found else [],
        first=first,
        top=[],
    )


def test_section_reports_dev_and_held_out_over_all_their_rounds() -> None:
    report = summarise(
        [
            result("a", "dev", True, True),
            result("b", "dev (round 2)", False),
            result("c", "heldout", True),
            result("d", "heldout (round 5)", True),
        ]
    )
    section = legal_section(report)
    assert section["cases"] == 4 and section["recall_at_3"] == 0.75
    assert section["dev"] == 0.5 and section["heldout"] == 1.0
    assert section["groups"]["heldout (round 5)"] == {
        "cases": 1,
        "recall_at_3": 1.0,
        "recall_at_1": 0.0,
        "routing": 1.0,
    }
    only_dev = summarise([result("a", "dev", True)])
    assert only_dev.heldout is None and legal_section(only_dev)["dev"] == 1.0


def test_legal_recall_below_its_threshold_fails_the_run() -> None:
    limits = thresholds()
    assert "legal_recall_at_3" in limits
    summary: dict[str, Any] = {"overall": BLOCK, "legal_search": {"recall_at_3": 0.5}}
    assert failures(summary, {"legal_recall_at_3": 0.8}) == ["legal_recall_at_3 0.500 < 0.800"]
    summary["legal_search"]["recall_at_3"] = 0.95
    assert failures(summary, {"legal_recall_at_3": 0.8}) == []
    assert failures({"overall": BLOCK}, {"legal_recall_at_3": 0.8}) == []  # not run: no figure


def test_summary_prints_the_legal_table_after_the_others() -> None:
    groups = {"dev": {"cases": 1, "recall_at_3": 1.0, "recall_at_1": 1.0}}
    summary = {
        "overall": BLOCK,
        "legal_search": {
            "cases": 1,
            "recall_at_3": 1.0,
            "recall_at_1": 1.0,
            "dev": 1.0,
            "heldout": None,
            "groups": groups,
        },
    }
    out = io.StringIO()
    print_summary(summary, Console(file=out, width=120))
    text = out.getvalue()
    assert "legal search" in text and "dev (all rounds)" in text
    assert "heldout (all rounds)" not in text


def test_cases_are_well_formed() -> None:
    cases = load_legal_cases()
    assert len({c.id for c in cases}) == len(cases)
    assert {c.split for c in cases} == {"dev", "heldout"}
    round5 = [c for c in cases if c.round == 5]
    assert len(round5) >= 30 and all(c.split == "heldout" for c in round5)
    for case in cases:
        assert case.expect and all(e.type in {"ukpga", "asp", "nia", "uksi"} for e in case.expect)


def test_the_eval_runs_on_the_index(pipeline: Any) -> None:
    dev = [c for c in load_legal_cases() if c.split == "dev"][:2]
    section = legal_section(run_legal_eval(pipeline.resources, dev))
    assert section["cases"] == 2 and section["heldout"] is None
    assert 0.0 <= section["recall_at_3"] <= 1.0
