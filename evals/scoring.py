"""Execution accuracy: does the answer carry the same figures as the gold query or value?"""

from __future__ import annotations

import math
from collections.abc import Sequence

from assistant.models import Answer, Scalar

TOLERANCE = 1e-6


def _numbers(values: Sequence[Scalar]) -> list[float]:
    return [round(float(v), 4) for v in values
            if isinstance(v, int | float) and not isinstance(v, bool) and not math.isnan(v)]


def answer_values(answer: Answer) -> list[float]:
    cols = answer.table.columns
    if "value" in cols:
        i = cols.index("value")
    elif cols:
        i = len(cols) - 1
    else:
        return []
    return _numbers([row[i] for row in answer.table.rows])


def gold_values(columns: list[str], rows: list[list[Scalar]]) -> list[float]:
    if not columns:
        return []
    i = columns.index("value") if "value" in columns else len(columns) - 1
    return _numbers([row[i] for row in rows])


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-4, abs_tol=0.051)


def same_values(got: list[float], gold: list[float], ordered: bool) -> bool:
    if len(got) != len(gold):
        return False
    if not ordered:
        got, gold = sorted(got), sorted(gold)
    return all(close(a, b) for a, b in zip(got, gold, strict=True))


def headline_matches(answer: Answer, gold: float) -> bool:
    if answer.value is not None and close(answer.value, gold):
        return True
    return any(close(v, gold) for v in answer_values(answer))
