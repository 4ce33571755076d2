"""Extra Chroma collections built at index time, beyond collections/datasets/measures.

Each builder takes the settings and a read-only DuckDB connection to the freshly built
database and returns (collection name, documents); `ndl index` syncs them by digest like
the core collections, so only changed documents are re-embedded. Core builders are needed
to answer questions; bulk builders (thousands of documents) may finish after the server has
started, so a cold `make run` is usable quickly.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from assistant.settings import Settings
from indexing.documents import Document

Builder = Callable[[Settings, duckdb.DuckDBPyConnection], tuple[str, list[Document]]]

CORE_BUILDERS: list[Builder] = []
BULK_BUILDERS: list[Builder] = []

from indexing.legislation_docs import legislation_documents  # noqa: E402

BULK_BUILDERS.append(legislation_documents)
from indexing.legal_subject_docs import subject_documents  # noqa: E402

BULK_BUILDERS.append(subject_documents)
from assistant.llm.examples import example_documents  # noqa: E402

CORE_BUILDERS.append(example_documents)

BUILDERS: list[Builder] = CORE_BUILDERS + BULK_BUILDERS
