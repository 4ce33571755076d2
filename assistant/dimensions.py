"""Matches breakdown values (sex, pupil group, sector…) named in a question.

Values come from the profile; a few everyday words map onto the official ones.
"""

from __future__ import annotations

import re

from assistant.semantic import Dimension

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
    return [v for v in found if not any(v != o and set(words(v)) < set(words(o)) for o in found)]
