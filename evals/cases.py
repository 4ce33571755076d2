"""Eval cases: one YAML list per file in evals/cases/, each case a question and its gold."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field

CASES_DIR = Path(__file__).resolve().parent / "cases"


class Case(BaseModel):
    id: str
    question: str
    theme: str
    intent: str
    status: Literal["answered", "clarify", "no_answer", "refused"] = "answered"
    gold_sql: str | None = None
    gold_value: float | None = None
    dataset: str | None = None
    follows: list[str] = Field(default_factory=list)  # earlier questions in the conversation
    split: Literal["dev", "heldout"] = "dev"
    ordered: bool = False  # rankings and trends: the order of values matters
    curated: bool = True  # False for datasets added with `ndl add` and no curation
    note: str = ""


def load_cases(folder: Path = CASES_DIR) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(folder.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            cases.append(Case.model_validate(raw))
    ids = [c.id for c in cases]
    duplicated = {i for i in ids if ids.count(i) > 1}
    if duplicated:
        raise ValueError(f"duplicate eval case ids: {sorted(duplicated)}")
    return cases
