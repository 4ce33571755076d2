"""How well a measure fits what a question asks, beyond its meaning: a count or a share,
an amount of money, the newest edition of a statistic, a measure named beside another."""

from __future__ import annotations

import re

from assistant.retrieval import _head, tokens
from assistant.semantic import Measure

SHARE_WORDS = re.compile(r"(\b(percent\w*|proportions?|shares?|rates?|fractions?|take[- ]?ups?"
                         r"|prevalence|likel(y|ier|iest))\b|%)", re.I)
RANKED = re.compile(r"\b(rank\w*|position|place[ds]?)\b", re.I)
JUDGED = re.compile(r"\b(best|worst|better|worse|improv\w*|worsen\w*|good|bad)\b", re.I)
COUNT_WORDS = re.compile(r"\b(how many|number of|count of|total number)\b", re.I)
SIZE_WORDS = re.compile(r"\b(biggest|largest|smallest|most|fewest)\b", re.I)  # sizes: counts
MONEY_WORDS = re.compile(r"\b(costs?|prices?|bills?|fees?|pounds|spend\w*|spent|wages?|"
                         r"salar\w+|pay|paid|charges?)\b|£", re.I)
SHARE_KINDS = {"percentage", "rate"}
MOST_OF = re.compile(r"\b(?:most|fewest|more|fewer)\s+((?:[a-z-]+\s+){0,2}[a-z-]+s)\b", re.I)
RECENCY = 0.06  # the newest edition of the same statistic


def is_share(m: Measure) -> bool:
    return m.kind in SHARE_KINDS or m.unit == "%"


def kind_fit(text: str, m: Measure) -> float:
    """Prefer a rate when the question asks for a share, a count when it asks how many."""
    share = is_share(m)
    if m.kind == "rank" and not RANKED.search(text):
        return -0.15  # a rank column answers 'what rank', not 'how many' or 'what share'
    if SHARE_WORDS.search(text):
        return 0.2 if share else -0.05
    if COUNT_WORDS.search(text) or _most_of(text, m):
        return 0.2 if m.kind == "count" else -0.05
    if SIZE_WORDS.search(text):
        return 0.0
    return 0.05 if share else 0.0  # 'fuel poverty in Leeds' is read as a rate, fair to size


def _most_of(text: str, m: Measure) -> bool:
    """'The most food businesses' counts what a count measure counts (not a share of them)."""
    found = MOST_OF.search(text)
    if found is None or m.kind != "count":
        return False
    return bool(_stems(found.group(1)) & _stems(f"{m.label} {m.unit or ''}"))


def money_unanswered(text: str, m: Measure) -> bool:
    """'What does a care home cost?' is not answered with admissions: a question about money
    needs an amount of money, unless the money word is the measure's own ('after housing
    costs')."""
    asked = {found.group(0).lower() for found in MONEY_WORDS.finditer(text)}
    if not asked or m.kind == "currency" or m.unit == "£":
        return False
    own = " ".join([m.label, *m.synonyms, *m.filters.values()]).lower()
    return not any(w in own for w in asked)


def newest_editions(periods_given: bool, measures: list[Measure]) -> set[str]:
    """With no period asked, the newest edition of a statistic published in several
    datasets wins ('fuel poverty' 2021 over 2010-2019); different statistics are not
    ranked by their age."""
    if periods_given:
        return set()
    heads = {m.id: tokens(_head(m.label)) for m in measures}
    newest = set()
    for m in measures:
        editions = [o for o in measures if o.dataset_id != m.dataset_id
                    and _overlap(heads[m.id], heads[o.id]) >= 0.5]
        if editions and all((m.latest_year or 0) > (o.latest_year or 0) for o in editions):
            newest.add(m.id)
    return newest


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


SIDE_BY_SIDE = re.compile(r"\b(or|and|vs\.?|versus|compared? (with|to)|against)\b", re.I)
STEM = re.compile(r"(ings?|ions?|ed|es|s|e)$")


def _stems(text: str) -> set[str]:
    return {STEM.sub("", w)[:6] for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 1}


def _named(text: str, m: Measure) -> bool:
    """The question names the measure itself: every word of a catalogue synonym ('companies
    … shut down' in 'companies set up or shut down') or of its label's head ('Company
    dissolutions' in 'companies dissolved')."""
    asked = _stems(text)
    return any(_stems(name) and _stems(name) <= asked for name in [_head(m.label), *m.synonyms])


def companions(text: str, m: Measure, measures: list[Measure]) -> list[Measure]:
    """Other columns of the same rows the question names beside this one ('were more
    companies set up or shut down?'), in the same unit, to read side by side."""
    if not SIDE_BY_SIDE.search(text) or not _named(text, m):
        return []
    return [o for o in measures
            if o.table == m.table and o.id != m.id and o.column != m.column
            and o.filters == m.filters and o.unit == m.unit and _named(text, o)]
