"""`ndl eval` with the LLM: the same cases, harness and scoring as the offline run.

`LLMPipeline` is a `Pipeline` whose `_answer` step goes through `LLMRoute`, so
`evals.harness.run_case` (conversation follow-ups, timing, gold SQL, scoring) runs it
unchanged. Modes:

* `llm`: the LLM answers every question on its own (no planner), to measure text-to-SQL
  itself; clarifications and discovery are not its job, so those cases score as misses;
* `fallback` / `always`: the planner first, then the LLM as `should_use_llm` decides —
  what `ndl ask` does with `NDL_ENGINE` set.

Examples in the prompt never include the case being asked (its exact question is
skipped) and held-out cases are never indexed, so the held-out split is clean.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any, Literal

import duckdb

from assistant.conversation import Conversation
from assistant.llm.route import LLMRoute, hand_over
from assistant.models import Answer
from assistant.pipeline import Pipeline, Step
from assistant.plan import NeedsClarification
from assistant.resources import Resources
from assistant.retrieval import Retrieval

Mode = Literal["llm", "fallback", "always"]
MODES: tuple[Mode, ...] = ("llm", "fallback", "always")


def offline_resources(resources: Resources) -> Resources:
    """The same resources with `engine=offline`, whatever the settings say."""
    settings = resources.settings.model_copy(update={"engine": "offline"})
    return dataclasses.replace(resources, settings=settings)


class LLMPipeline(Pipeline):
    """The pipeline with the LLM route in its `_answer` step (for evals and comparisons)."""

    def __init__(self, resources: Resources, route: LLMRoute, mode: Mode = "llm") -> None:
        super().__init__(resources)
        self.route = route
        self.mode = mode
        self.history: dict[str, list[str]] = {}

    def _retrieve(self, text: str, conversation: Conversation | None
                  ) -> tuple[Retrieval, list[float]]:
        res = self.resources
        read = self.planner.read(text, conversation.last if conversation else None)
        places = [] if isinstance(read, NeedsClarification) else [p.name for p in read.places]
        vector = res.embedder.embed_one(text)
        return res.retriever.retrieve(text, vector, res.settings.retrieval_k,
                                      ignore=places), vector

    def _answer(self, text: str, conversation: Conversation | None, step: Step) -> Answer:
        key = conversation.id if conversation is not None else ""
        history = self.history.setdefault(key, []) if conversation is not None else []
        try:
            offline: Answer | None = None
            if self.mode != "llm":
                offline = super()._answer(text, conversation, step)
                if not hand_over(self.mode, offline):
                    return offline
            step("asking the language model")
            retrieval, vector = self._retrieve(text, conversation)
            return self.route.answer(text, retrieval, offline, vector=vector,
                                     history=list(history))
        finally:
            if conversation is not None:
                history.append(text)


@contextlib.contextmanager
def gold_connection(resources: Resources,
                    con: duckdb.DuckDBPyConnection | None = None
                    ) -> Iterator[duckdb.DuckDBPyConnection]:
    """`con` if given, else a connection for the cases' gold SQL that cannot clash with
    `execute()`'s own connections.

    In one process DuckDB shares one database instance per file: a plain
    `duckdb.connect(path, read_only=True)` held open makes `execute()`'s hardened connect
    fail ("different configuration"), and a second hardened connection fails on
    `SET lock_configuration`. An in-memory database that ATTACHes the file read-only
    is a separate instance, so neither happens.
    """
    if con is not None:
        yield con
        return
    path = str(resources.settings.duckdb_path).replace("'", "''")
    opened = duckdb.connect(":memory:")
    try:
        opened.execute(f"ATTACH '{path}' AS gold (READ_ONLY)")
        opened.execute("USE gold")
        yield opened
    finally:
        opened.close()


def evaluate_with_llm(resources: Resources, route: LLMRoute, cases: Iterable[Any],
                      con: duckdb.DuckDBPyConnection | None = None,
                      mode: Mode = "llm") -> list[Any]:
    """Run the eval cases through the LLM pipeline; returns `evals.harness.CaseResult`s."""
    from evals.harness import run_case

    pipeline = LLMPipeline(resources, route, mode)
    with gold_connection(resources, con) as gold:
        return [run_case(pipeline, gold, case) for case in cases]


def evaluate_offline(resources: Resources, cases: Iterable[Any],
                     con: duckdb.DuckDBPyConnection | None = None) -> list[Any]:
    """The same cases through the offline pipeline (engine forced to `offline`)."""
    from evals.harness import run_case

    pipeline = Pipeline(offline_resources(resources))
    with gold_connection(resources, con) as gold:
        return [run_case(pipeline, gold, case) for case in cases]


def compare_engines(resources: Resources, route: LLMRoute, cases: Iterable[Any],
                    con: duckdb.DuckDBPyConnection | None = None,
                    mode: Mode = "llm") -> dict[str, Any]:
    """Both runs on the same cases: `{"offline": summary, "llm": summary, "delta": …,
    "changed": [{id, offline, llm, …}], "results": {"offline": [...], "llm": [...]}}`.

    Summaries are `evals.harness.summarise` blocks (overall, theme, intent, split,
    curation); `delta` is llm minus offline for each overall figure; `changed` lists the
    cases one engine got right and the other wrong. Leave `con` None: see
    `gold_connection` for why a plain read-only connection held open breaks the run.
    """
    from evals.harness import summarise

    cases = list(cases)
    with gold_connection(resources, con) as gold:
        offline = evaluate_offline(resources, cases, gold)
        llm = evaluate_with_llm(resources, route, cases, gold, mode)
    a, b = summarise(offline), summarise(llm)
    delta = {k: round(float(b["overall"][k]) - float(a["overall"][k]), 4)
             for k in a["overall"] if k != "cases"}
    changed = [{"id": x.id, "offline": x.correct, "llm": y.correct,
                "offline_status": x.status, "llm_status": y.status}
               for x, y in zip(offline, llm, strict=True) if x.correct != y.correct]
    return {"mode": mode, "engine": route.engine, "offline": a, "llm": b, "delta": delta,
            "changed": changed,
            "results": {"offline": [r.model_dump() for r in offline],
                        "llm": [r.model_dump() for r in llm]}}
