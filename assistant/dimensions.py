"""Matches breakdown values (sex, pupil group, sector…) named in a question.

Values come from the profile; a few everyday words map onto the official ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.semantic import Dimension, Measure

WORD = re.compile(r"[a-z0-9]+")
IGNORED = frozenset({"uk", "all", "the", "of", "and", "with", "for", "in", "total"})
EVERYDAY = {
    "boys": "male", "boy": "male", "men": "male", "man": "male", "males": "male",
    "girls": "female", "girl": "female", "women": "female", "woman": "female",
    "females": "female", "free school meals": "fsm", "disadvantaged": "fsm",
    "special educational needs": "sen", "send": "sen",
}


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def words(text: str) -> list[str]:
    lowered = text.lower()
    for phrase, official in EVERYDAY.items():
        lowered = re.sub(rf"\b{re.escape(phrase)}\b", f" {official} ", lowered)
    return [_stem(w) for w in WORD.findall(lowered)]


def mentioned_values(question: str, dimension: Dimension) -> list[str]:
    """Values of `dimension` whose significant words all appear in the question."""
    asked = set(words(question))
    spaced = " " + " ".join(words(question)) + " "
    found = []
    for value in dimension.values:
        needed = [w for w in words(value) if w not in IGNORED]
        named = any(f" {' '.join(words(s))} " in spaced for s in dimension.synonyms.get(value, []))
        if named or (needed and all(w in asked for w in needed)):
            found.append(value)
    # "All other pupils" also contains the words of "pupils": keep the most specific ones
    found = [v for v in found if not any(v != o and set(words(v)) < set(words(o)) for o in found)]
    # "FSM pupils" names FSM, not also "All pupils" — unless the total is written out
    total = dimension.default
    if total in found and len(found) > 1 and total.lower() not in question.lower():
        found.remove(total)
    return found


def named_filter_values(question: str, m: Measure, others: Iterable[Measure]
                        ) -> dict[str, list[str]]:
    """'Were domestic or transport emissions bigger?': a measure fixed to one value of a
    column, asked about two or more of its values by name, is read across those values.
    (Measure synonyms are not value names: 'new businesses' is not a survival rate.)"""
    found: dict[str, list[str]] = {}
    for column, value in m.filters.items():
        rest = {k: v for k, v in m.filters.items() if k != column}
        values = sorted({o.filters[column] for o in others
                         if o.table == m.table and o.column == m.column and column in o.filters
                         and {k: v for k, v in o.filters.items() if k != column} == rest})
        named = mentioned_values(question, Dimension(column=column, label=column, values=values))
        if len(named) >= 2 and value in named:
            found[column] = named
    return found
