"""Close spellings of the catalogue's own words ('povety' → 'poverty', 'populaton' →
'population'), so a typo in the topic does not sink retrieval. Places are corrected by the
gazetteer; this only touches words that are not in the vocabulary at all.
"""

from __future__ import annotations

import difflib
import re

WORD = re.compile(r"[A-Za-z]+")
MIN_LENGTH = 6
CUTOFF = 0.85


class Speller:
    def __init__(self, vocabulary: set[str], english: frozenset[str] = frozenset()) -> None:
        self.vocabulary = {w for w in vocabulary if w.isalpha()}
        self.english = english  # real words the catalogue does not use ('waiting')
        self.long_words = sorted(w for w in self.vocabulary if len(w) >= MIN_LENGTH - 1)

    def correct(self, text: str) -> str:
        """The text with each unknown long word replaced by its closest catalogue word."""
        return WORD.sub(lambda m: self._word(m.group(0)), text)

    def _word(self, word: str) -> str:
        lowered = word.lower()
        if len(lowered) < MIN_LENGTH or lowered in self.vocabulary \
                or lowered.rstrip("s") in self.vocabulary or lowered in self.english:
            return word
        close = [w for w in difflib.get_close_matches(lowered, self.long_words, n=3,
                                                      cutoff=CUTOFF)
                 if w[0] == lowered[0] and abs(len(w) - len(lowered)) <= 2]  # typos, not roots
        return close[0] if close else word
