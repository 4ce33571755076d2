"""The words of a legislation question or title: lower-cased, lightly stemmed, with the
words every legal question or title has ('which law', 'regulations', 'my business')
dropped, so that lexical matching weighs only what the question is about."""

from __future__ import annotations

import re

WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = """
a an the of in on for to and or by with at from as is are was were be been being it its this
that these those there their them they we our us you your i me my mine he she his her what
which who whom whose how when where why do does did doing done have has had having can could
shall should will would may might must not no nor so than too very any all some each other
such only own same also about into over under after before since until between during per
etc made make makes passed pass new latest recent recently current currently now today year
years month months act acts law laws legislation legal rule rules regulation regulations order
orders statutory instrument instruments si sis uk united kingdom deal deals dealing cover
covers covering govern governs governing apply applies applying affect affects affecting
need needs needed require requires required requirement requirements follow set sets say says
said tell know find show list get want like business businesses anything something thing
things there here provision provisions
"""
STOP = frozenset(_STOP_WORDS.split())


def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Content words, lower-cased and lightly stemmed; numbers and stop words dropped."""
    text = text.lower().replace("’", "'").replace("'s", "").replace("'", "")
    return [stem(w) for w in WORD.findall(text) if not w.isdigit() and w not in STOP]

