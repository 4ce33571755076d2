"""The LLM route: question + retrieval → prompt → SQL → the SAME guard and execution as
the planner → a generic answer; one repair round; then the offline answer or a clean no.

`LLMRoute.answer` never raises for anything the model does (bad SQL, hostile SQL, no
reply, a timeout, an exception from the client): those end in the fallback. Only a
missing index (`IndexNotBuilt`) propagates, as it does from the offline pipeline.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import sqlglot
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

from assistant.disclosure import count_outputs, suppress
from assistant.errors import ExecutionError, IndexNotBuilt, SQLRejected
from assistant.execution import execute
from assistant.guard import DIALECT, guard
from assistant.llm.compose import compose_result
from assistant.llm.errors import LLMTimeout, LLMUnavailable
from assistant.llm.examples import Example, ExampleIndex
from assistant.llm.models import chat_model
from assistant.llm.prompt import build_messages, choose_datasets, count_columns, repair_messages
from assistant.llm.sqlgen import Deadline, SQLGenerator
from assistant.models import Answer, GuardedSQL, Result
from assistant.resources import Resources
from assistant.retrieval import Retrieval
from assistant.settings import Settings

EXAMPLES_K = 3
# Calls per answer: the draft and one repair, each within llm_timeout_s.
BUDGET_CALLS = 2
NO_ROWS = "the query ran but found no rows"


def should_use_llm(settings: Settings, offline: Answer) -> bool:
    """Whether the LLM should answer after the offline planner produced `offline`.

    `always`: every question the planner planned or could not answer; `fallback`: only
    when the planner gave up (`no_answer`) or its query could not run (`refused`).
    Clarifying questions and dataset discovery are never handed over: a clarification
    asks the user something the model would have to guess, and discovery lists datasets
    rather than querying them. Call it after planning, not for the pipeline's early
    refusal of SQL typed in as a question.
    """
    return settings.engine != "offline" and hand_over(settings.llm_route, offline)


def hand_over(route: str, offline: Answer) -> bool:
    """`should_use_llm` for a given route (`fallback` or `always`), whatever the engine."""
    if offline.status == "clarify" or offline.intent == "discover":
        return False
    return route == "always" or offline.status in {"no_answer", "refused"}


@dataclass
class Attempt:
    sql: str
    guarded: GuardedSQL | None = None
    result: Result | None = None
    caveats: tuple[str, ...] = ()
    error: str | None = None  # why it could not be used (for the repair message)


class LLMRoute:
    def __init__(self, resources: Resources, model: BaseChatModel, *,
                 engine: str | None = None, examples: ExampleIndex | None = None,
                 exclude_same_question: bool = False) -> None:
        self.resources = resources
        self.settings = resources.settings
        self.model = model
        self.engine = engine or (self.settings.engine if self.settings.engine != "offline"
                                 else "llm")
        self.generator = SQLGenerator(model, self.settings.llm_timeout_s)
        self._examples = examples
        self.exclude_same_question = exclude_same_question

    @classmethod
    def from_settings(cls, resources: Resources) -> LLMRoute | None:
        """The route for `resources.settings.engine`, or None when it is `offline`."""
        model = chat_model(resources.settings)
        return None if model is None else cls(resources, model)

    # -- retrieval of examples -------------------------------------------------------
    def examples(self, question: str, vector: Sequence[float] | None,
                 k: int = EXAMPLES_K) -> list[Example]:
        try:
            if self._examples is None:
                self._examples = ExampleIndex.open(self.settings)
            if vector is None:
                vector = self.resources.embedder.embed_one(question)
            skip = question if self.exclude_same_question else None
            return self._examples.similar(vector, k, exclude_question=skip)
        except Exception:  # examples help; their absence must not stop an answer
            return []

    # -- the route -------------------------------------------------------------------
    def answer(self, question: str, retrieval: Retrieval, offline: Answer | None = None, *,
               vector: Sequence[float] | None = None, history: Sequence[str] = ()) -> Answer:
        """Answer `question` with LLM-written SQL, or fall back (see module docstring)."""
        started = time.perf_counter()
        try:
            result = self._answer(question, retrieval, offline, vector, history)
        except IndexNotBuilt:
            raise
        except LLMTimeout:
            result = self.fallback(offline, "the language model did not answer in time")
        except LLMUnavailable:
            result = self.fallback(offline, "the language model could not be reached")
        except Exception as err:  # never a 500 because of the optional backend
            result = self.fallback(offline, f"the LLM route failed ({type(err).__name__})")
        result.timings_ms["llm"] = round((time.perf_counter() - started) * 1000, 2)
        return result

    def _answer(self, question: str, retrieval: Retrieval, offline: Answer | None,
                vector: Sequence[float] | None, history: Sequence[str]) -> Answer:
        datasets = choose_datasets(self.resources, retrieval)
        if not datasets:
            return self.fallback(offline, "no table in the library matched the question")
        examples = self.examples(question, vector)
        deadline = Deadline(self.settings.llm_timeout_s * BUDGET_CALLS)
        repair: list[BaseMessage] = []
        attempt: Attempt | None = None
        for round_ in range(2):
            messages = build_messages(self.resources, question, datasets, examples,
                                      history=history, repair=repair)
            reply = self.generator.generate(messages, deadline)
            if not reply.sql.strip():  # its explanation is model text: not shown to users
                return self.fallback(offline, "it found no query that answers the question")
            attempt = self.run(reply.sql)
            if attempt.error is None and attempt.result is not None and attempt.result.rows:
                return self._compose(attempt)
            if round_ == 0:
                error = attempt.error or (f"{NO_ROWS}; check the filter values against the "
                                          "example values in <schema>")
                repair = repair_messages(attempt.sql, error)
        assert attempt is not None
        if attempt.error is not None:
            return self.fallback(offline, f"its SQL could not be used: {attempt.error[:300]}")
        if offline is not None and offline.status == "answered":
            return self.fallback(offline, NO_ROWS)
        return self._compose(attempt, status="no_answer")

    def run(self, sql: str) -> Attempt:
        """Guard and execute `sql` exactly as the planner's SQL is: same guard, row cap,
        SQL length limit, read-only hardened connection and timeout; counts of people in
        the tables it reads are protected from differencing and suppressed when small."""
        settings = self.settings
        try:
            first = guard(sql, self.resources.schema, settings.row_cap, settings.max_sql_chars)
            counts = count_columns(self.resources, first.tables)
            guarded = guard(sql, self.resources.schema, settings.row_cap,
                            settings.max_sql_chars, count_columns=counts) if counts else first
        except SQLRejected as err:
            return Attempt(sql=sql, error=f"rejected by the SQL guard ({err.reason}): "
                                          f"{err.message}")
        try:
            result = execute(guarded, settings.duckdb_path, settings)
        except IndexNotBuilt:
            raise
        except ExecutionError as err:
            return Attempt(sql=sql, guarded=guarded, error=f"DuckDB error: {err.message}")
        caveats: list[str] = []
        if counts:
            outputs = count_outputs(sqlglot.parse_one(guarded.sql, dialect=DIALECT), counts)
            result, caveats = suppress(result, outputs, settings.suppression_threshold)
        return Attempt(sql=sql, guarded=guarded, result=result, caveats=tuple(caveats))

    def _compose(self, attempt: Attempt, status: str = "answered") -> Answer:
        assert attempt.guarded is not None and attempt.result is not None
        note = (f"This answer's SQL was written by a language model ({self.engine}) and "
                "checked by the same SQL guard as every query; check that the SQL matches "
                "your question.")
        return compose_result(attempt.result, attempt.guarded.sql, attempt.guarded.tables,
                              self.resources.layer, engine=self.engine,
                              caveats=[note, *attempt.caveats], status=status)

    def fallback(self, offline: Answer | None, reason: str) -> Answer:
        """The offline answer with a caveat, or a clean no_answer when there is none."""
        if offline is not None:
            note = (f"The language model could not answer this ({reason}); "
                    "this is the offline planner's answer.")
            return offline.model_copy(update={
                "engine": "offline", "caveats": [*offline.caveats, note],
                "timings_ms": dict(offline.timings_ms)}, deep=True)
        return Answer(status="no_answer", engine=self.engine,
                      text="I couldn't answer that from the data library's tables.",
                      caveats=[f"The language model could not answer this ({reason})."])
