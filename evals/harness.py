"""`ndl eval`: runs the cases through the pipeline and reports execution accuracy, retrieval
recall@1/@5 and latency, per theme and per intent, and the legislation search's recall@3;
exits non-zero below the thresholds.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb
import yaml
from pydantic import BaseModel

from assistant.conversation import Conversation
from assistant.errors import NDLError
from assistant.models import Answer
from assistant.pipeline import Pipeline
from assistant.resources import Resources
from evals.cases import Case
from evals.scoring import answer_values, gold_values, headline_matches, same_values

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.yaml"


class CaseResult(BaseModel):
    id: str
    theme: str
    intent: str
    split: str
    curated: bool
    correct: bool
    status: str
    expected_status: str
    rank: int | None  # position of the expected dataset in retrieval, 1-based
    ms: float
    text: str


def _gold(con: duckdb.DuckDBPyConnection, case: Case) -> list[float] | None:
    if not case.gold_sql:
        return None
    cursor = con.execute(case.gold_sql)
    columns = [d[0] for d in cursor.description or []]
    return gold_values(columns, [list(r) for r in cursor.fetchall()])


def is_correct(case: Case, answer: Answer, gold: list[float] | None) -> bool:
    if answer.status != case.status:
        return False
    if case.status != "answered":
        return True
    if case.dataset and case.intent == "discover":
        return any(h.id == case.dataset for h in answer.hits[:5])
    if gold is not None:
        return same_values(answer_values(answer), gold, case.ordered)
    if case.gold_value is not None:
        return headline_matches(answer, case.gold_value)
    return True


def _dataset_rank(pipeline: Pipeline, case: Case) -> int | None:
    if not case.dataset:
        return None
    res = pipeline.resources
    # A follow-up ("and in 2017?") is retrieved with its conversation, as the chat does.
    text = " ".join([*case.follows, case.question])
    retrieval = res.retriever.retrieve(text, res.embedder.embed_one(text),
                                       res.settings.retrieval_k)
    ranked = list(dict.fromkeys([c.measure.dataset_id for c in retrieval.candidates]
                                + [h.id for h in retrieval.datasets]))
    return ranked.index(case.dataset) + 1 if case.dataset in ranked else len(ranked) + 100


def run_case(pipeline: Pipeline, con: duckdb.DuckDBPyConnection, case: Case) -> CaseResult:
    conversation = Conversation()
    for earlier in case.follows:
        pipeline.answer(earlier, conversation)
    started = time.perf_counter()
    try:
        answer = pipeline.answer(case.question, conversation)
    except NDLError as exc:
        answer = Answer(status="refused", text=exc.message)
    ms = (time.perf_counter() - started) * 1000
    try:
        correct = is_correct(case, answer, _gold(con, case))
    except duckdb.Error as exc:
        raise ValueError(f"gold SQL of {case.id} fails: {exc}") from exc
    return CaseResult(id=case.id, theme=case.theme, intent=case.intent, split=case.split,
                      curated=case.curated, correct=correct, status=answer.status,
                      expected_status=case.status, rank=_dataset_rank(pipeline, case),
                      ms=round(ms, 2), text=answer.text[:300])


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summarise(results: list[CaseResult]) -> dict[str, Any]:
    def block(rows: list[CaseResult]) -> dict[str, Any]:
        ranked = [r.rank for r in rows if r.rank is not None]
        return {
            "cases": len(rows),
            "execution_accuracy": round(sum(r.correct for r in rows) / max(1, len(rows)), 4),
            "recall_at_1": round(sum(r <= 1 for r in ranked) / max(1, len(ranked)), 4),
            "recall_at_5": round(sum(r <= 5 for r in ranked) / max(1, len(ranked)), 4),
            "latency_p50_ms": round(statistics.median([r.ms for r in rows]) if rows else 0, 2),
            "latency_p95_ms": round(_percentile([r.ms for r in rows], 0.95), 2),
        }

    groups: dict[str, dict[str, list[CaseResult]]] = defaultdict(lambda: defaultdict(list))
    for r in results:
        groups["theme"][r.theme].append(r)
        groups["intent"][r.intent].append(r)
        groups["split"][r.split].append(r)
        groups["curation"]["curated" if r.curated else "uncurated"].append(r)
    return {"overall": block(results),
            **{name: {k: block(v) for k, v in sorted(g.items())} for name, g in groups.items()}}


def legal_search_summary(resources: Resources, split: str | None = None) -> dict[str, Any]:
    """Legislation search recall@3 on evals/cases/legal_search.yaml (evals/legal.py), the
    `legal_search` section of the summary; `split` keeps only dev or held-out cases."""
    from evals.legal import legal_section, load_legal_cases, run_legal_eval

    cases = [c for c in load_legal_cases() if split in {None, c.split}]
    return legal_section(run_legal_eval(resources, cases))


def thresholds() -> dict[str, float]:
    return {str(k): float(v) for k, v in
            (yaml.safe_load(THRESHOLDS.read_text(encoding="utf-8")) or {}).items()}


def failures(summary: dict[str, Any], limits: dict[str, float]) -> list[str]:
    """Figures below their threshold: overall ones by name, the legal search's as
    'legal_<name>' (e.g. legal_recall_at_3)."""
    figures = dict(summary["overall"])
    legal = summary.get("legal_search") or {}
    figures.update({f"legal_{k}": v for k, v in legal.items() if isinstance(v, int | float)})
    return [f"{name} {figures[name]:.3f} < {limit:.3f}" for name, limit in limits.items()
            if name in figures and figures[name] < limit]


def write_results(path: Path, summary: dict[str, Any], results: list[CaseResult]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"summary": summary, "cases": [r.model_dump() for r in results]}
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
