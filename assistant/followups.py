"""How a follow-up question builds on the previous answer: 'and in 2017?' keeps its measure
and places, 'how does that compare with England?' adds a place, and 'and for maths?' keeps
the places but lets a measure naming the new topic take over."""

from __future__ import annotations

import re

from assistant.conversation import Turn
from assistant.dimensions import mentioned_values, words
from assistant.geography import Place
from assistant.plan import Plan
from assistant.retrieval import GENERIC, Candidate, _prefixes, _same_stem, tokens
from assistant.semantic import Measure

MIN_SIMILARITY = 0.30
KEEP_BONUS = 1.0  # nothing new asked: the previous measure stands
TOPICAL_BONUS = 0.3  # the new words are the previous measure's own
SWITCH_BONUS = 0.3  # a measure naming the new topic takes over
COMPARE_WORDS = re.compile(r"\b(compare\w*|vs\.?|versus|against|than)\b", re.I)


def follow_places(text: str, places: list[Place], previous: Turn) -> list[Place]:
    """'How does that compare with England?' keeps the previous places and adds England."""
    if not places:
        return list(previous.places)
    if COMPARE_WORDS.search(text):
        known = {p.code for p in places}
        return [p for p in previous.places if p.code not in known] + places
    return places


def _named(m: Measure) -> set[str]:
    """Stems a measure answers to: its label, synonyms, fixed filters and breakdown values."""
    values = [v for d in m.dimensions for v in d.values[:50]]
    everyday = [s for d in m.dimensions for names in d.synonyms.values() for s in names]
    return _prefixes(set(words(" ".join([m.label, *m.synonyms, *m.filters.values(),
                                         *values, *everyday]))) | tokens(m.label))


def new_topic(topic: set[str], before: Measure) -> set[str]:
    """Topic stems of the follow-up that the previous measure does not name."""
    asked = _prefixes(set(words(" ".join(topic))) - GENERIC)
    named = _named(before)
    return {a for a in asked if not any(_same_stem(a, n) for n in named)}


def _names_all(m: Measure, stems: set[str]) -> bool:
    named = _named(m)
    return all(any(_same_stem(s, n) for n in named) for s in stems)


def follow_candidates(topic: set[str], before: Measure, candidates: list[Candidate],
                      measures: dict[str, Measure]) -> list[Candidate]:
    """The previous measure (and the other columns of the same figures) stay in the running;
    new topic words hand the bonus to the measures that name them."""
    kept = [c for c in candidates if c.measure.id != before.id]
    new = new_topic(topic, before)
    if new:
        kept = [c.model_copy(update={"score": c.score + SWITCH_BONUS})
                if _names_all(c.measure, new) else c for c in kept]
        bonus = 0.0
    else:
        bonus = TOPICAL_BONUS if topic else KEEP_BONUS
    previous = Candidate(measure=before, similarity=1.0, score=MIN_SIMILARITY + bonus)
    # 'and as a percentage?': the other columns of the same figures stay in the running
    known = {c.measure.id for c in kept}
    siblings = [Candidate(measure=m, similarity=1.0, score=MIN_SIMILARITY + bonus - 0.1)
                for m in measures.values()
                if m.dataset_id == before.dataset_id and m.filters == before.filters
                and m.id != before.id and m.id not in known]
    return [previous, *siblings, *kept]


def carry_over(text: str, plan: Plan, previous: Turn, same_period: bool) -> None:
    """'How does that compare with England?' after 'GLD for FSM pupils in Bradford' keeps FSM,
    and a published period ('2024-25') the previous answer named, unless the follow-up
    names its own (`same_period`: it asked for no other time, not even 'the year before')."""
    m = plan.measure
    for column, value in previous.filters.items():
        dim = m.dimension(column)
        if dim is None or value not in dim.values or value == dim.default \
                or mentioned_values(text, dim) or column in plan.group_values:
            continue
        plan.filters[column] = value
        plan.breakdowns = [b for b in plan.breakdowns if b != column]
        plan.summed = [s for s in plan.summed if s != column]
    labels = {p.label for p in m.periods}
    if previous.period_labels and same_period and not plan.period_labels \
            and set(previous.period_labels) <= labels:
        plan.period_labels = list(previous.period_labels)
        plan.years = []
