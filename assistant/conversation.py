"""Follow-up questions: "and in 2017?", "what about Manchester?" reuse what the previous
answer used (measure, places, period) when the new question does not say.
"""

from __future__ import annotations

import re
import uuid
from collections import OrderedDict

from pydantic import BaseModel, Field

from assistant.geography import Place
from assistant.periods import PeriodQuery

FOLLOW_UP = re.compile(
    r"^\s*(and|also|what about|how about|same for|and for|and in|what of|"
    r"now|then|ok|okay)\b"
    r"|\b(how|where) (does|do|did|is|was) (that|this|it|they)\b|\bcompare (that|this|it)\b"
    r"|^\s*(show|give) me the (top|bottom|highest|lowest)\b|\b(the )?(year|period) before\b"
    r"|\bprevious (year|period)\b|^\s*(as a|in) (percentage|share|number|count)\b"
    r"|\b(of|from|in) (that|this|it|them)\b"
    r"|^\s*(has|have|is|was|did|does|will|are|were) (that|this|it|they|those)\b",
    re.I,
)
BEFORE = re.compile(r"\b(year|period) before\b|\bprevious (year|period)\b", re.I)
FILLER = frozenset(
    [
        "and",
        "also",
        "what",
        "about",
        "how",
        "same",
        "for",
        "now",
        "then",
        "ok",
        "okay",
        "please",
        "it",
        "that",
        "this",
        "them",
        "there",
        "those",
        "the",
        "a",
        "an",
        "in",
        "of",
        "with",
        "instead",
        "too",
        "does",
        "do",
        "did",
        "is",
        "was",
        "were",
        "are",
        "compare",
        "compared",
        "comparison",
        "show",
        "me",
        "top",
        "bottom",
        "highest",
        "lowest",
        "year",
        "before",
        "previous",
        "period",
        "as",
        "percentage",
        "share",
        "number",
        "count",
        "many",
        "much",
    ]
)
WORD = re.compile(r"[a-z]+")


class Turn(BaseModel):
    """What one answered question used, for the next question to build on."""

    measure_id: str
    places: list[Place] = Field(default_factory=list)
    periods: PeriodQuery = Field(default_factory=PeriodQuery)
    intent: str = "value"
    filters: dict[str, str] = Field(default_factory=dict)  # breakdown values it used ('FSM')
    period_labels: list[str] = Field(default_factory=list)  # published periods it named


class Pending(BaseModel):
    """A clarifying question awaiting its answer: picking an option re-asks the question."""

    question: str
    rewrites: dict[str, str] = Field(default_factory=dict)  # option → question to ask


class Conversation(BaseModel):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    last: Turn | None = None
    pending: Pending | None = None

    def resolve(self, text: str) -> str:
        """The question to answer: an option picked from a clarification re-asks the original."""
        pending, self.pending = self.pending, None
        if pending is None:
            return text
        chosen = text.strip().lower()
        for option, question in pending.rewrites.items():
            if option.lower() == chosen or option.split(" (")[0].lower() == chosen:
                return question
        return text


def is_follow_up(text: str) -> bool:
    return bool(FOLLOW_UP.search(text))


def year_before(text: str, previous: PeriodQuery) -> PeriodQuery | None:
    """'and the year before?' moves the previous answer's periods back one year."""
    if not BEFORE.search(text) or not previous.years:
        return None
    return PeriodQuery(years=[y - 1 for y in previous.years], text="the year before")


def topic_words(text: str, place_names: list[str]) -> set[str]:
    """Words left once places, years and follow-up filler are removed."""
    lowered = text.lower()
    for name in place_names:
        lowered = lowered.replace(name.lower(), " ")
    return {w for w in WORD.findall(lowered) if w not in FILLER and len(w) > 2}


class ConversationStore:
    """Recent conversations in memory, oldest dropped first (one process, bounded)."""

    def __init__(self, capacity: int = 1000) -> None:
        self.capacity = capacity
        self._items: OrderedDict[str, Conversation] = OrderedDict()

    def get(self, conversation_id: str | None) -> Conversation:
        if conversation_id and conversation_id in self._items:
            self._items.move_to_end(conversation_id)
            return self._items[conversation_id]
        conversation = Conversation(id=conversation_id) if conversation_id else Conversation()
        self._items[conversation.id] = conversation
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return conversation

    def drop(self, conversation_id: str) -> None:
        self._items.pop(conversation_id, None)
