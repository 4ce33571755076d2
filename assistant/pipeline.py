"""retrieve → plan → guard → execute → compose, and nothing else.

The CLI, the API and the chat all call `Pipeline.answer`; none calls a step directly.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from assistant import answer as compose
from assistant.conversation import Conversation, Pending, Turn
from assistant.disclosure import suppress
from assistant.errors import ExecutionError, InvalidRequest, SQLRejected
from assistant.execution import execute
from assistant.geography import Place
from assistant.guard import guard
from assistant.legal import (
    asks_about_rules,
    is_legal_search,
    legal_answer,
    legal_fallback,
    with_legal_caveat,
)
from assistant.llm.route import LLMRoute, should_use_llm
from assistant.models import Answer
from assistant.periods import PeriodQuery
from assistant.plan import Discovery, NeedsClarification, NoAnswer, Plan, PlanOutcome
from assistant.planning import Planner
from assistant.resources import Resources
from assistant.retrieval import Retrieval
from assistant.sqlbuild import render_sql
from indexing.background import search_index_state

Step = Callable[[str], None]
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LOOKS_LIKE_SQL = re.compile(r"^\s*(select|with|insert|update|delete|drop|create|attach|copy|"
                            r"pragma|install|load|set|call)\b[\s\S]*\b(from|table|into|database|"
                            r"extension|=)\b", re.I)


def clean_question(text: str, max_chars: int) -> str:
    """Reject what no one could mean as a question, before any work is done."""
    if not isinstance(text, str):
        raise InvalidRequest("The question must be text.")
    if len(text) > max_chars:
        raise InvalidRequest(f"The question is too long (at most {max_chars} characters).",
                             max_chars=max_chars, length=len(text))
    cleaned = " ".join(CONTROL.sub(" ", text).split())
    if not cleaned:
        raise InvalidRequest("The question is empty.")
    return cleaned


def _without_codes(text: str, places: list[Place]) -> str:
    """'GLD for E08000003' is searched as 'GLD for': area codes mean nothing to the embedding
    model and only blur the topic."""
    for place in places:
        text = text.replace(place.code, " ")
    return " ".join(text.split())


def with_index_caveat(answer: Answer) -> Answer:
    """Search answers say so while the background job is still embedding the catalogue."""
    state = search_index_state()
    if state != "complete":
        answer.caveats.append(f"The search index is still being built ({state}); "
                              "results may be incomplete.")
    return answer


class Pipeline:
    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        self.planner = Planner(resources.gazetteer, resources.areas,
                               {m.id: m for m in resources.layer.measures})
        self.llm = LLMRoute.from_settings(resources)  # None with the default offline engine

    def answer(self, question: str, conversation: Conversation | None = None,
               on_step: Step | None = None) -> Answer:
        started = time.perf_counter()
        text = clean_question(question, self.resources.settings.max_question_chars)
        if conversation is not None:
            text = conversation.resolve(text)
        if LOOKS_LIKE_SQL.match(text):
            return compose.compose_refusal(
                "That looks like SQL rather than a question. Ask in plain English, or send "
                "SQL to the guarded SQL endpoint (POST /v1/sql or `ndl sql`).")
        result = self._answer(text, conversation, on_step or (lambda _: None))
        if conversation is not None:
            result.conversation_id = conversation.id
        result.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 2)
        return result

    def _answer(self, text: str, conversation: Conversation | None, step: Step) -> Answer:
        res = self.resources
        step("retrieving")
        read = self.planner.read(text, conversation.last if conversation else None)
        if isinstance(read, NeedsClarification):
            if conversation is not None:
                conversation.pending = Pending(question=text, rewrites=read.rewrites)
            return compose.compose_clarification(read)
        search = res.retriever.speller.correct(_without_codes(text, read.places))
        vector = res.embedder.embed_one(search)
        retrieval = res.retriever.retrieve(search, vector, res.settings.retrieval_k,
                                           ignore=[p.name for p in read.places])
        step("planning")
        outcome = self.planner.plan(read, retrieval)
        if isinstance(outcome, NeedsClarification):
            # a legal question is answered with the law; only its figures needed the detail
            if not is_legal_search(text):
                return compose.compose_clarification(outcome)
            offline = compose.compose_clarification(outcome)
        else:
            offline = self._offline(outcome, conversation, read.periods, step)
        offline = self._legal(text, vector, retrieval, offline)
        if self.llm is not None and should_use_llm(res.settings, offline):
            return self.llm.answer(text, retrieval, offline, vector=vector)
        return offline

    def _legal(self, text: str, vector: list[float], retrieval: Retrieval, offline: Answer
               ) -> Answer:
        """Legislation for legal questions, and for an owner's question about rules that no
        data answered when the search is confident; the legal caveat on any other answer
        from the legal collection."""
        res = self.resources
        if is_legal_search(text) or asks_about_rules(res, text, vector):
            return with_index_caveat(legal_answer(res, text, vector, retrieval,
                                                  figures=offline))
        if offline.status == "no_answer":
            fallback = legal_fallback(res, text, vector, retrieval)
            if fallback is not None:
                return with_index_caveat(fallback)
        return with_legal_caveat(res, offline)

    def _offline(self, outcome: PlanOutcome, conversation: Conversation | None,
                 periods: PeriodQuery, step: Step) -> Answer:
        """The offline planner's answer to an outcome that needs no clarification."""
        if isinstance(outcome, Discovery):
            return with_index_caveat(compose.compose_discovery(outcome))
        if isinstance(outcome, NoAnswer):
            return compose.compose_no_answer(outcome)
        assert isinstance(outcome, Plan)
        step("querying")
        if conversation is not None:
            # the default (latest) period is remembered, so "the year before" has a year
            asked = periods if periods.given else PeriodQuery(years=outcome.years[-1:])
            conversation.last = Turn(measure_id=outcome.measure.id, places=outcome.places,
                                     periods=asked, intent=outcome.intent,
                                     filters=outcome.filters,
                                     period_labels=outcome.period_labels)
        return self.run_plan(outcome)

    def run_plan(self, plan: Plan) -> Answer:
        res = self.resources
        sql = render_sql(plan)
        m = plan.measure
        try:
            guarded = guard(sql, res.schema, res.settings.row_cap, res.settings.max_sql_chars,
                            count_columns=[m.column] if m.disclosive and m.column else [])
            result = execute(guarded, res.settings.duckdb_path, res.settings)
        except (SQLRejected, ExecutionError) as exc:
            return compose.compose_refusal(f"The query for this question could not run: "
                                           f"{exc.message}")
        counts = {"value"} if m.disclosive else set()
        result, caveats = suppress(result, counts, res.settings.suppression_threshold)
        info = res.layer.datasets[plan.measure.dataset_id]
        return compose.compose(plan, result, guarded.sql, info, caveats)
