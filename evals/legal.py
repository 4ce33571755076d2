"""Legal search eval: recall@3 of the legislation search on evals/cases/legal_search*.yaml.

For every case the question goes through what the pipeline's legal branch does — one
embedding, the filters read from the wording, `search_legislation` — and each expected item
(type/year/number) must be among the first three results. Cases naming a `dataset` must
also have the legal answer cite that dataset next to the legislation.

    python -m evals.legal                  # the figures and every miss (NDL_BUILD_DIR's index)
    python -m evals.legal --split dev      # only the dev cases (tune on these)
    python -m evals.legal --quiet          # figures only: held-out misses stay unseen

`ndl eval` runs these cases too (`evals.harness.legal_search_summary`) and adds the figures
to its summary as `legal_search`; `legal_recall_at_3` in evals/thresholds.yaml is its floor.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, Field

from assistant.legal import legal_answer, read_legal_query
from assistant.legal_wording import is_legal_search
from assistant.legislation import latest_year, search_legislation
from assistant.resources import Resources

if TYPE_CHECKING:
    from assistant.pipeline import Pipeline

CASES_FILE = Path(__file__).resolve().parent / "cases" / "legal_search.yaml"
K = 3
TARGET = 0.9


class Expected(BaseModel):
    type: str
    year: int
    number: int

    @property
    def key(self) -> str:
        return f"{self.type}/{self.year}/{self.number}"


class LegalCase(BaseModel):
    id: str
    question: str
    expect: list[Expected]
    dataset: str | None = None
    split: str = "dev"
    round: int = 1  # later batches of a split (held-out rounds were written before tuning)

    @property
    def group(self) -> str:
        return self.split if self.round == 1 else f"{self.split} (round {self.round})"


class LegalCaseResult(BaseModel):
    id: str
    question: str
    split: str
    routed: bool  # the pipeline answered with the legislation (intent legal_search)
    expected: list[str]
    found: list[str]  # the expected items that were in the top K
    first: bool = False  # the first result is an expected item
    top: list[str]  # the top K results, type/year/number and title
    dataset: str | None = None
    dataset_cited: bool | None = None
    law_cited: bool | None = None


class LegalReport(BaseModel):
    k: int = K
    cases: int = 0
    recall_at_k: float = 0.0  # expected items found in the top K / expected items
    recall_at_1: float = 0.0  # cases whose first result is an expected item
    cases_all_found: float = 0.0  # cases with every expected item in the top K
    routing: float = 0.0  # share of cases the pipeline answers with the legislation
    law_and_dataset_cases: int = 0
    law_and_dataset_ok: float = 0.0
    by_split: dict[str, float] = Field(default_factory=dict)
    by_split_at_1: dict[str, float] = Field(default_factory=dict)
    by_split_routing: dict[str, float] = Field(default_factory=dict)
    dev: float | None = None  # recall@K over every dev group (None when none was run)
    heldout: float | None = None  # recall@K over every held-out group
    results: list[LegalCaseResult] = Field(default_factory=list)


def load_legal_cases(path: Path | None = None) -> list[LegalCase]:
    """The cases of `path`, or of every `legal_search*.yaml` beside CASES_FILE."""
    paths = [path] if path else sorted(CASES_FILE.parent.glob("legal_search*.yaml"))
    raw = [c for p in paths for c in yaml.safe_load(p.read_text(encoding="utf-8")) or []]
    return [LegalCase.model_validate(c) for c in raw]


def _key(type_: str, year: int, number: int | None) -> str:
    return f"{type_}/{year}/{number}"


def _routed(pipeline: Pipeline | None, question: str) -> bool:
    """Does the whole pipeline (wording, planner, fallback) answer with the legislation?"""
    if pipeline is None:
        return is_legal_search(question)
    return pipeline.answer(question).intent == "legal_search"


def run_case(resources: Resources, case: LegalCase, pipeline: Pipeline | None = None
             ) -> LegalCaseResult:
    vector = resources.embedder.embed_one(case.question)
    query = read_legal_query(case.question, latest_year(resources))
    page = search_legislation(resources, case.question, vector, type=query.type,
                              year_from=query.year_from, year_to=query.year_to, limit=K)
    keys = [_key(i.type, i.year, i.number) for i in page.items]
    expected = [e.key for e in case.expect]
    result = LegalCaseResult(
        id=case.id, question=case.question, split=case.group,
        routed=_routed(pipeline, case.question), expected=expected,
        found=[e for e in expected if e in keys], first=bool(keys) and keys[0] in expected,
        top=[f"{k} {i.title}" for k, i in zip(keys, page.items, strict=True)],
        dataset=case.dataset,
    )
    if case.dataset:
        retrieval = resources.retriever.retrieve(case.question, vector,
                                                 resources.settings.retrieval_k)
        answer = legal_answer(resources, case.question, vector, retrieval)
        cited = {d.id for d in answer.datasets}
        shown = {str(row[0]) for row in answer.table.rows}
        titles = {i.split(" ", 1)[1] for i in result.top if i.split(" ", 1)[0] in expected}
        result.dataset_cited = case.dataset in cited
        result.law_cited = bool(titles & shown) and "legislation" in cited
    return result


def summarise(results: list[LegalCaseResult]) -> LegalReport:
    def recall(rows: list[LegalCaseResult]) -> float:
        wanted = sum(len(r.expected) for r in rows)
        return round(sum(len(r.found) for r in rows) / max(1, wanted), 4)

    def at_1(rows: list[LegalCaseResult]) -> float:
        return round(sum(r.first for r in rows) / max(1, len(rows)), 4)

    def routing(rows: list[LegalCaseResult]) -> float:
        return round(sum(r.routed for r in rows) / max(1, len(rows)), 4)

    both = [r for r in results if r.dataset]
    splits = sorted({r.split for r in results})
    kinds = {k: [r for r in results if r.split.split(" ")[0] == k] for k in ("dev", "heldout")}
    return LegalReport(
        cases=len(results), recall_at_k=recall(results), recall_at_1=at_1(results),
        cases_all_found=round(sum(len(r.found) == len(r.expected) for r in results)
                              / max(1, len(results)), 4),
        routing=routing(results),
        law_and_dataset_cases=len(both),
        law_and_dataset_ok=round(sum(bool(r.dataset_cited and r.law_cited) for r in both)
                                 / max(1, len(both)), 4),
        by_split={s: recall([r for r in results if r.split == s]) for s in splits},
        by_split_at_1={s: at_1([r for r in results if r.split == s]) for s in splits},
        by_split_routing={s: routing([r for r in results if r.split == s]) for s in splits},
        dev=recall(kinds["dev"]) if kinds["dev"] else None,
        heldout=recall(kinds["heldout"]) if kinds["heldout"] else None,
        results=results,
    )


def run_legal_eval(resources: Resources, cases: list[LegalCase] | None = None) -> LegalReport:
    """Every case through the legislation search, and through the pipeline for routing."""
    from assistant.pipeline import Pipeline

    pipeline = Pipeline(resources)
    return summarise([run_case(resources, c, pipeline) for c in (cases or load_legal_cases())])


def legal_section(report: LegalReport) -> dict[str, Any]:
    """The figures `ndl eval` adds to its summary as `legal_search` (no per-case detail, so
    held-out misses stay unseen there too)."""
    return {
        "cases": report.cases, f"recall_at_{report.k}": report.recall_at_k,
        "recall_at_1": report.recall_at_1, "dev": report.dev, "heldout": report.heldout,
        "routing": report.routing, "law_and_dataset_ok": report.law_and_dataset_ok,
        "groups": {s: {"cases": sum(r.split == s for r in report.results),
                       f"recall_at_{report.k}": v, "recall_at_1": report.by_split_at_1[s],
                       "routing": report.by_split_routing.get(s)}
                   for s, v in report.by_split.items()},
    }


def print_legal_report(report: LegalReport, verbose: bool = False, quiet: bool = False
                       ) -> None:
    """The figures, then the misses (every case with `verbose`, none with `quiet`)."""
    print(f"legal search: recall@{report.k} {report.recall_at_k:.3f}, recall@1 "
          f"{report.recall_at_1:.3f} over {report.cases} cases (target {TARGET:.2f}); all "
          f"expected items in top {report.k}: {report.cases_all_found:.3f}; routed to the "
          f"legal answer: {report.routing:.3f}")
    for s, v in report.by_split.items():
        n = sum(r.split == s for r in report.results)
        print(f"  {s} ({n}): recall@{report.k} {v:.3f}, "
              f"recall@1 {report.by_split_at_1.get(s, 0.0):.3f}, "
              f"routed {report.by_split_routing.get(s, 0.0):.3f}")
    print(f"  law + dataset questions: {report.law_and_dataset_ok:.3f} of "
          f"{report.law_and_dataset_cases} cite both")
    if quiet:
        return
    for r in report.results:
        missed = len(r.found) < len(r.expected) or not r.routed or r.dataset_cited is False \
            or r.law_cited is False
        if verbose or missed:
            flag = "ok  " if not missed else "MISS"
            print(f"  {flag} {r.id}: expected {', '.join(r.expected)}; routed={r.routed}"
                  + (f"; dataset cited={r.dataset_cited}, law cited={r.law_cited}"
                     if r.dataset else ""))
            for line in r.top:
                print(f"       {line}")


def main(argv: list[str] | None = None) -> int:
    from assistant.settings import get_settings

    args = sys.argv[1:] if argv is None else argv
    split = args[args.index("--split") + 1] if "--split" in args[:-1] else None
    cases = [c for c in load_legal_cases() if split in {None, c.split}]
    report = run_legal_eval(Resources.load(get_settings()), cases)
    print_legal_report(report, verbose="--verbose" in args, quiet="--quiet" in args)
    return 0 if report.recall_at_k >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
