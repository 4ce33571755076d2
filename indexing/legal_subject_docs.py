"""The `ndl_legal_subjects` Chroma collection: one document per sample question of the
subject index (`assistant/legal_subjects.yaml`), so a legal question can be compared with
every area of business law by meaning. Built with the legislation (no legislation, no
subjects)."""

from __future__ import annotations

import duckdb

from assistant.legal_subjects import SUBJECTS, load_subjects
from assistant.settings import Settings
from indexing.documents import Document
from indexing.legislation_docs import has_legislation


def subject_documents(settings: Settings, con: duckdb.DuckDBPyConnection
                      ) -> tuple[str, list[Document]]:
    """Builder for `indexing.extra.BUILDERS`."""
    if not has_legislation(con):
        return SUBJECTS, []
    return SUBJECTS, [Document(id=f"{s.id}#{n}", text=phrase, metadata={"subject": s.id})
                      for s in load_subjects() for n, phrase in enumerate(s.phrases)]
