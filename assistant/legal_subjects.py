"""The subject index of business law (`legal_subjects.yaml`): areas of law an owner meets
("workplace pensions", "pavement licences"), each with the everyday wording that names it,
sample questions in an owner's words, and its principal legislation.

Why: an owner asks "do I have to put my staff into a pension?"; the law that answers is
titled "Pensions Act 2008", whose long title says only "provision relating to pensions".
Neither the sentence model nor the words of the list join the two, so the search compares
the question with the subjects' sample questions (embedded at index time into
`ndl_legal_subjects`) and lifts the legislation of the subjects it is closest to. The index
was written from general knowledge of UK business law, subject by subject, without the
evaluation questions; it names areas of law and their statutes, never a question's answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from numpy.typing import NDArray
from pydantic import BaseModel, Field

SUBJECTS_FILE = Path(__file__).resolve().parent / "legal_subjects.yaml"
SUBJECTS = "ndl_legal_subjects"  # one Chroma document per sample question


class Subject(BaseModel):
    id: str
    title: str
    pattern: str | None = None  # everyday wording that names the subject (a regex)
    terms: str = ""  # words the titles of its law use, added to the question
    phrases: list[str] = Field(default_factory=list)
    legislation: list[str] = Field(default_factory=list)  # type/year/number, principal first


@dataclass(frozen=True)
class SubjectMatch:
    subject: Subject
    score: float  # closeness of the question to the subject's sample questions (+ wording)


@lru_cache(maxsize=1)
def load_subjects(path: Path = SUBJECTS_FILE) -> tuple[Subject, ...]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return tuple(Subject.model_validate(s) for s in raw)


@lru_cache(maxsize=1)
def _by_id() -> dict[str, Subject]:
    return {s.id: s for s in load_subjects()}


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[Subject, re.Pattern[str]], ...]:
    return tuple((s, re.compile(rf"\b(?:{s.pattern})", re.I))
                 for s in load_subjects() if s.pattern)


def worded(question: str) -> list[Subject]:
    """Subjects whose everyday wording the question uses, in the index's order."""
    return [s for s, p in _patterns() if p.search(question)]


@dataclass(frozen=True)
class Closeness:
    """How close a question is to each subject, given the sample questions' vectors."""

    ids: list[str]  # subject id of each row
    matrix: NDArray[np.float32]

    @classmethod
    def of(cls, stored: dict[str, Any]) -> Closeness:
        metadatas = stored.get("metadatas") or []
        embeddings = stored.get("embeddings")
        if not metadatas or embeddings is None:
            return cls(ids=[], matrix=np.zeros((0, 0), dtype=np.float32))
        return cls(ids=[str(m["subject"]) for m in metadatas],
                   matrix=np.asarray(embeddings, dtype=np.float32))

    def scores(self, vector: list[float]) -> dict[str, float]:
        if not self.ids:
            return {}
        sims = self.matrix @ np.asarray(vector, dtype=np.float32)
        best: dict[str, float] = {}
        for subject, sim in zip(self.ids, sims.tolist(), strict=True):
            best[subject] = max(best.get(subject, -1.0), sim)
        return best


@dataclass(frozen=True)
class Choice:
    """Which subjects count: close enough, near the best one, at most `top` of them."""

    floor: float = 0.5      # below this a subject is only loosely related
    margin: float = 0.08    # and it must be this close to the best subject
    top: int = 2
    wording: float = 0.05   # the question uses the subject's everyday wording


def choose(closeness: dict[str, float], question: str, choice: Choice) -> list[SubjectMatch]:
    """The subjects a question is about, best first."""
    by_id = _by_id()
    named = {s.id for s in worded(question)}
    scored = {i: c + (choice.wording if i in named else 0.0) for i, c in closeness.items()
              if i in by_id}
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
    best = ranked[0][1] if ranked else 0.0
    return [SubjectMatch(by_id[i], round(s, 4)) for i, s in ranked[:choice.top]
            if s >= choice.floor and s >= best - choice.margin]


def lifted(matches: list[SubjectMatch], decay: float) -> dict[str, float]:
    """Legislation id → how strongly the chosen subjects point to it (the principal item
    most, each further one `decay` times less)."""
    out: dict[str, float] = {}
    for match in matches:
        for n, item in enumerate(match.subject.legislation):
            out[item] = max(out.get(item, 0.0), match.score * decay ** n)
    return out
