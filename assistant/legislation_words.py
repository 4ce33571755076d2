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


_LAW = r"(?:law|laws|act|acts|legislation|regulations?|rules?|orders?|statutes?)"
_VERB = (r"(?:says?|covers?|deals? with|governs?|appl(?:y|ies)(?: to)?|makes?|lets?|allows?"
         r"|requires?|sets?(?: out)?|regulates?|bans?|stops?|controls?|gives?|protects?"
         r"|restricts?|brought in|introduced|do i|does|is|are|made|passed|on|about|for)")
FRAMING_START = re.compile(
    rf"^\s*(?:(?:which|what)\s+{_LAW}(?:\s+{_VERB})*"
    rf"|(?:is|are) there (?:a |an |any )?{_LAW}(?:\s+(?:on|about|against|for|that|which))?"
    rf"|what are the {_LAW}(?:\s+(?:on|about|for))?"
    rf"|what {_LAW} (?:appl(?:y|ies))(?:\s+(?:to|when|if))?)\b\s*", re.I)
FRAMING_END = re.compile(rf"\s*[—–-]+\s*(?:which|what) {_LAW}(?:\s+{_VERB})*(?: it)?\s*\??\s*$",
                         re.I)


def subject(question: str) -> str:
    """The question without its framing ('Which law says …', '… — which Act covers it?'),
    so that the sentence model compares what it is about with the legislation."""
    text = FRAMING_END.sub("", question.strip())
    text = FRAMING_START.sub("", text).strip(" ?")
    return text or question
