"""Question→SQL examples for the prompt: the eval cases' gold SQL, in Chroma `ndl_examples`.

`example_documents(settings, con)` is an index-time builder (see `indexing/extra.py`):
it turns the dev-split eval cases that have gold SQL into documents whose text is the
question (what gets embedded) and whose metadata carries the SQL. Held-out cases are
never indexed, so the held-out score measures questions the model has not seen an
answer to. Gold SQL that the guard refuses on this database (a table that is not loaded,
a function outside the allow-list) is left out, so the model is never shown SQL it may
not write.

`ExampleIndex.similar(vector, k)` returns the closest examples to a question.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb
from pydantic import BaseModel, ValidationError

from assistant.errors import SQLRejected
from assistant.guard import Schema, guard
from assistant.settings import Settings
from indexing.documents import Document

EXAMPLES = "ndl_examples"


class Example(BaseModel):
    id: str
    question: str
    sql: str
    dataset: str = ""
    similarity: float = 0.0


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def example_documents_for(cases: Iterable[Any], schema: Schema, row_cap: int,
                          max_sql_chars: int = 20000) -> list[Document]:
    """Documents for the cases fit to show a model: dev split, answered, with gold SQL,
    not a follow-up, and gold SQL the guard accepts against `schema`."""
    docs: list[Document] = []
    for case in cases:
        if (case.split != "dev" or case.status != "answered" or not case.gold_sql
                or case.follows):
            continue
        sql = " ".join(str(case.gold_sql).split())
        try:
            guard(sql, schema, row_cap, max_sql_chars)
        except SQLRejected:
            continue
        docs.append(Document(
            id=str(case.id), text=str(case.question),
            metadata={"question": str(case.question), "sql": sql,
                      "dataset": str(case.dataset or ""), "theme": str(case.theme),
                      "intent": str(case.intent)},
        ))
    return docs


def example_documents(settings: Settings,
                      con: duckdb.DuckDBPyConnection) -> tuple[str, list[Document]]:
    """Index-time builder for `indexing.extra.BUILDERS`: (`ndl_examples`, documents)."""
    from evals.cases import load_cases

    try:
        cases = load_cases()
    except (ValueError, ValidationError, OSError) as err:  # a half-written case file
        warnings.warn(f"eval cases could not be read; no LLM examples indexed: {err}",
                      stacklevel=2)
        return EXAMPLES, []
    schema = Schema.from_connection(con)
    return EXAMPLES, example_documents_for(cases, schema, settings.row_cap,
                                           settings.max_sql_chars)


class ExampleIndex:
    """Reads `ndl_examples`; an index built before examples existed simply has none."""

    def __init__(self, collection: Any | None) -> None:
        self.collection = collection

    @classmethod
    def open(cls, settings: Settings) -> ExampleIndex:
        """The collection if `ndl index` built it; an empty index otherwise (nothing is
        created on this read path)."""
        from indexing.embedding import chroma_client

        try:
            return cls(chroma_client(settings).get_collection(EXAMPLES, embedding_function=None))
        except Exception:  # chromadb raises NotFoundError (ValueError in older versions)
            return cls(None)

    def similar(self, vector: Sequence[float], k: int = 3,
                exclude_question: str | None = None) -> list[Example]:
        """The `k` examples whose questions are closest to `vector`; `exclude_question`
        drops an example with that exact question (the eval uses it against leakage)."""
        if self.collection is None:
            return []
        count = int(self.collection.count())
        if count == 0 or k <= 0:
            return []
        found = self.collection.query(query_embeddings=[list(vector)],
                                      n_results=min(count, k + 1),
                                      include=["metadatas", "distances"])
        ids = (found.get("ids") or [[]])[0]
        metas = (found.get("metadatas") or [[]])[0]
        distances = (found.get("distances") or [[]])[0]
        skip = _normal(exclude_question) if exclude_question else None
        out: list[Example] = []
        for i, meta, distance in zip(ids, metas, distances, strict=False):
            meta = meta or {}
            question, sql = str(meta.get("question") or ""), str(meta.get("sql") or "")
            if not sql or (skip is not None and _normal(question) == skip):
                continue
            out.append(Example(id=str(i), question=question, sql=sql,
                               dataset=str(meta.get("dataset") or ""),
                               similarity=round(1.0 - float(distance), 4)))
        return out[:k]
