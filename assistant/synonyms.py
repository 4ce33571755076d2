"""Measures a question names by a catalogue synonym ('wettest', 'GLD'): a lexical recall
channel beside the embedding search, for words the embedding model does not know."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from assistant.semantic import Measure

WORD = re.compile(r"[a-z0-9]+")
MAX_WORDS = 5
MIN_CHARS = 3


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


class SynonymIndex:
    def __init__(self, measures: Iterable[Measure]) -> None:
        self.by_phrase: dict[str, list[str]] = defaultdict(list)
        for m in measures:
            for synonym in m.synonyms:
                phrase = " ".join(_words(synonym))
                if len(phrase) >= MIN_CHARS and len(phrase.split()) <= MAX_WORDS:
                    self.by_phrase[phrase].append(m.id)

    def named(self, text: str) -> list[str]:
        """Ids of the measures whose synonym the question writes out, in catalogue order."""
        words = _words(text)
        found: dict[str, None] = {}
        for size in range(1, MAX_WORDS + 1):
            for i in range(len(words) - size + 1):
                for measure_id in self.by_phrase.get(" ".join(words[i:i + size]), []):
                    found[measure_id] = None
        return list(found)


def named_by(text: str, m: Measure) -> bool:
    """An acronym or name the catalogue gives a measure counts even when the embedding
    model does not know it."""
    return any(len(s) >= MIN_CHARS and re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text, re.I)
               for s in m.synonyms)
