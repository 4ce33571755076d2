"""What kind of answer a question wants: one value, a comparison, a ranking, a trend, an
aggregate, a filtered list, or a list of datasets. Read from wording, never from a dataset.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

Intent = Literal["value", "compare", "rank", "trend", "aggregate", "filter", "discover"]
Direction = Literal["asc", "desc"]

DISCOVER = re.compile(
    r"\b(what|which|any|list|show me|find)\b[\w\s]{0,30}\b(data ?sets?|data|statistics|sources?"
    r"|collections?)\b[\w\s]{0,12}\b(about|on|for|covering|cover|covers|available|exist|there|"
    r"relat\w*)\b|\bwhere can i (find|get)\b|\bis there (any )?data\b|\bdatasets? (about|on|for)\b"
    r"|\b(do|does) (you|u|the library) (have|hold|keep|cover)\b|\bhave you got\b"
    r"|\bwhat (kinds? of |sort of |types? of )?(data|information|info|statistics|stats|datasets?)"
    r"\b[\w\s]{0,20}\b(have|hold|got|ask)\b"
    r"|\b(is|are) there (any|anything|something)\b|\b(anything|something) (on|about)\b"
    r"|\bis there\b[\w\s-]{0,40}\b(data|statistics|stats|figures|datasets?)\b"
    r"|\b(got|have|hold) any (data|info|information|stats|statistics|figures|datasets?)\b"
    r"|\b(i need|i want|i'm looking for|im looking for|looking for|searching for)\b[\w\s]{0,25}"
    r"\b(data|statistics|stats|datasets?|information)\b"
    r"|\bwhich datasets?\b|\bwhat kinds? of data\b"
    r"|\bwhere (are|is) (the )?[\w\s]{0,40}\b(located|based|sited)\b",
    re.I,
)
# "data on X" / "statistics about X" / "X data by council" ask for datasets unless a place is named.
DATA_ON = re.compile(r"^\s*(data|statistics|stats|figures|datasets?)\s+(on|about|for)\b"
                     r"|\b(data|statistics|stats)\s+(by|for each|per)\s+(council|area|region|"
                     r"local authority|la)\b|^\s*(statistics|stats) (on|about)\b", re.I)
TOP_N = re.compile(
    r"\b(top|bottom|first|last|highest|lowest|best|worst|which|what)\s+(\d{1,2}|five|ten|three)"
    r"\b(?![\s-]*(%|per ?cent|years?|yr))", re.I
)
# "3 worst councils", "5 districts with the lowest …", "the 10 areas where …"
N_AREAS = re.compile(
    r"\b(\d{1,2}|three|five|ten)\s+(?:(?:best|worst|highest|lowest|top|bottom|biggest|"
    r"smallest|largest)\s+(?:\w+\s+){0,2}?)?(councils|areas|local authorities|las|regions|"
    r"districts|boroughs|counties|authorities|places|stations|charities)\b", re.I)
HIGH = re.compile(r"\b(highest|most|largest|biggest|greatest|top|maximum|max|worst|leading|"
                  r"higher|more|wettest|rainiest|sunniest|hottest|warmest|frostiest)\b", re.I)
LOW = re.compile(r"\b(lowest|least|smallest|fewest|bottom|minimum|min|lower|less|fewer|driest|"
                 r"coldest|coolest)\b", re.I)
BEST = re.compile(r"\bbest\b", re.I)
WORST = re.compile(r"\bworst\b", re.I)
WHICH_AREA = re.compile(r"\b(which|what|where)\b[\w\s]{0,25}\b(councils?|areas?|local authorit\w+|"
                        r"las?|regions?|places?|districts?|boroughs?|count(y|ies)|authorit(y|ies)|"
                        r"stations?|charit(y|ies)|organisations?)\b|\brank\w*\b|\bwhere\b"
                        r"|\b(best|worst|highest|lowest|top|bottom)\s+(council|area|region|"
                        r"local authority|borough|district|county|place)\b", re.I)
TREND = re.compile(r"\b(trend|over time|since|changed?|changes|improv\w*|increas\w*|decreas\w*|"
                   r"ris(e|en|ing)|fall(en|ing)?|fell|grow\w*|declin\w*|history|historic\w*|"
                   r"each year|every year|over the (last|past)|year by year|over the years)\b",
                   re.I)
COMPARE = re.compile(r"\b(compare\w*|comparison|vs\.?|versus|against|differ\w*|gap|than)\b", re.I)
AGGREGATE = re.compile(r"\b(total|sum|altogether|combined(?! authorit)|average|mean|median|"
                       r"overall)\b", re.I)
# "monthly", "by quarter": the figures within each year, not one per year
BY_PERIOD = re.compile(r"\b(monthly|quarterly|(each|every|by|per|a) (month|quarter)|"
                       r"month by month|quarter by quarter)\b", re.I)
HOW_MANY = re.compile(r"\b(how many|number of|total number)\b", re.I)
EACH_PERIOD = re.compile(r"\b(each|every|per|a|by) (year|month|quarter)\b|\byear by year\b"
                         r"|\b(annual|annually|yearly|trend|over time|series)\b", re.I)
EVENTS = re.compile(r"\b(passed|made|enacted|introduced|incorporated|registered|set up|started"
                    r"|formed|founded|dissolved|closed|opened|born|created|issued|granted|laid"
                    r"|admitted|died|launched|struck off)\b", re.I)
CHANGED = re.compile(r"\b(chang\w*|gone (up|down)|went (up|down)|go(ne)? (up|down))\b", re.I)
RANK_WORD = re.compile(r"\brank(ed|ing|s)?\b", re.I)
THRESHOLD = re.compile(
    r"(?<!\baged )(?<!\bage )\b(more than|greater than|over|above|exceeds?|at least|less than|"
    r"fewer than|under|below|at most)\s+(\d[\d,]*(?:\.\d+)?)(?![\d,.]*(?:s\b|-|\s*(?:years?"
    r"|yrs?)\b))\s*(%|per ?cent|percent)?", re.I)  # 'under 75s', 'over-65s' are ages
OR_MORE = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*(?:%|per ?cent|percent)?\s+or\s+"
                     r"(more|above|higher|over|greater|less|fewer|below|lower|under)\b", re.I)
_PLURAL_AREAS = (r"councils|areas|local authorities|las|regions|districts|boroughs|counties|"
                 r"authorities|places")
AREAS = re.compile(rf"\b({_PLURAL_AREAS})\b", re.I)
WORD_N = {"three": 3, "five": 5, "ten": 10}
# "councils with higher … than England", "above the national average", "worse than England"
BENCHMARK = re.compile(
    r"\b(higher|more|greater|bigger|above|over|lower|less|fewer|smaller|below|under|worse|better)"
    r"\s+(?:\w+\s+){0,6}?(?:than|compared (?:to|with))\s+(?:the\s+)?(?:england|english|national"
    r"|country)\b(?:\s+(?:average|figure|rate|level|value))?"
    r"|\b(above|below|under|over)\s+(?:the\s+)?(?:england|english|national|country)(?:\s+"
    r"(?:average|figure|rate|level))?\b", re.I)
BENCHMARK_UP = {"higher", "more", "greater", "bigger", "above", "over"}
BENCHMARK_DOWN = {"lower", "less", "fewer", "smaller", "below", "under"}
COUNT_AREAS = re.compile(rf"\b(how many|number of|count of)\s+({_PLURAL_AREAS})\b", re.I)
# The kind of area a ranking is over, when the question names one ("which region …").
_ASKED = r"\b(?:which|what|top|bottom|rank\w*|list|compare|each|every|all)\s+(?:[\w-]+\s+){0,2}?"
LEVEL_WORDS = [
    ("combined_authority", re.compile(_ASKED + r"(combined authorit\w*|city regions?)\b", re.I)),
    ("region", re.compile(_ASKED + r"regions?\b", re.I)),
    ("county", re.compile(_ASKED + r"(count(y|ies))\b", re.I)),
    ("london_borough", re.compile(_ASKED + r"london boroughs?\b", re.I)),
]
PLURAL_AREA = re.compile(rf"\b({_PLURAL_AREAS}|ones)\b|\brank\w*\b|\blist\b", re.I)


GROWTH = re.compile(r"\b(increas\w*|ris(e|es|en|ing)|rose|gr[eo]w\w*|gains?)\b", re.I)
SHRINK = re.compile(r"\b(decreas\w*|fall(s|en|ing)?|fell|drops?|dropped|declin\w*|reduc\w*|"
                    r"falls?)\b", re.I)
IMPROVE = re.compile(r"\b(improv\w*|worsen\w*|deteriorat\w*)\b", re.I)


class Reading(BaseModel):
    intent: Intent
    change: bool = False  # rank areas by the change over the period, not by the level
    direction: Direction | None = None
    best_worst: Literal["best", "worst"] | None = None
    n: int | None = None
    level: str | None = None  # the kind of area ranked or filtered, when the question says
    aggregate: Literal["sum", "avg", "median"] | None = None
    threshold_op: Literal[">", ">=", "<", "<="] | None = None
    threshold: float | None = None
    by_period: bool = False  # months or quarters asked for, not yearly figures
    benchmark: bool = False  # the threshold is England's own figure ("higher than England")
    over_years: bool = False  # one total over the years asked ("how many … since 2020")
    count: bool = False  # "how many councils …": the number of areas that match


def _direction(question: str) -> tuple[Direction | None, Literal["best", "worst"] | None]:
    if BEST.search(question):
        return None, "best"
    if WORST.search(question):
        return None, "worst"
    high, low = HIGH.search(question), LOW.search(question)
    if high and (not low or high.start() < low.start()):
        return "desc", None
    if low:
        return "asc", None
    return None, None


def _aggregate(question: str) -> Literal["sum", "avg", "median"] | None:
    m = AGGREGATE.search(question)
    if not m:
        return None
    word = m.group(1).lower()
    if word in {"average", "mean"}:
        return "avg"
    if word == "median":
        return "median"
    return "sum"


def _threshold(question: str) -> tuple[Literal[">", ">=", "<", "<="] | None, float | None]:
    m = THRESHOLD.search(question)
    if not m:
        if o := OR_MORE.search(question):  # "20% or more"
            up = o.group(2).lower() in {"more", "above", "higher", "over", "greater"}
            return (">=" if up else "<="), float(o.group(1).replace(",", ""))
        return None, None
    words = m.group(1).lower()
    op: Literal[">", ">=", "<", "<="] = (
        ">=" if words == "at least" else "<=" if words == "at most"
        else "<" if words in {"less than", "fewer than", "under", "below"} else ">"
    )
    return op, float(m.group(2).replace(",", ""))


def _rank(question: str, direction: Direction | None,
          best_worst: Literal["best", "worst"] | None, n: int | None) -> Reading:
    """'Which council had the biggest increase…' ranks areas by change, not by level."""
    if GROWTH.search(question):
        return Reading(intent="rank", change=True, direction="desc", n=n)
    if SHRINK.search(question):
        return Reading(intent="rank", change=True, direction="asc", n=n)
    if improve := IMPROVE.search(question):
        worse = improve.group(1).lower().startswith(("worsen", "deteriorat"))
        return Reading(intent="rank", change=True, best_worst="worst" if worse else "best", n=n)
    return Reading(intent="rank", direction=direction, best_worst=best_worst, n=n)


def _total_over_years(question: str, aggregate: str | None) -> bool:
    """'How many Acts has Holyrood passed since 2020?' is one total, not a series — unless
    the question asks for each year or for a change."""
    # a count of events adds up over the years (Acts passed, companies set up); a count of
    # what exists at a time (active businesses, households) is a series
    asked = (HOW_MANY.search(question) is not None and EVENTS.search(question) is not None) \
        or aggregate == "sum"
    return asked and not (EACH_PERIOD.search(question) or GROWTH.search(question)
                          or SHRINK.search(question) or IMPROVE.search(question)
                          or CHANGED.search(question))


def _benchmark(match: re.Match[str], count: bool) -> Reading:
    """Areas above or below England: 'better'/'worse' are settled by the measure's polarity."""
    word = (match.group(1) or match.group(2)).lower()
    op: Literal[">", "<"] | None = ">" if word in BENCHMARK_UP else "<" \
        if word in BENCHMARK_DOWN else None
    judged: Literal["best", "worst"] | None = None if op else \
        "best" if word == "better" else "worst"
    return Reading(intent="filter", threshold_op=op, best_worst=judged, benchmark=True,
                   count=count)


def area_level(question: str) -> str | None:
    """'Which English region …' ranks regions; 'which council …' leaves the level to the data."""
    return next((level for level, pattern in LEVEL_WORDS if pattern.search(question)), None)


def _singular(question: str) -> bool:
    """'Which council has the highest …' wants one area; 'which councils …' a list."""
    return PLURAL_AREA.search(question) is None


def read_intent(question: str, place_count: int, year_range: bool) -> Reading:
    """Classify the question; `place_count` and `year_range` come from the other readers."""
    reading = _read(question, place_count, year_range)
    reading.by_period = BY_PERIOD.search(question) is not None
    if reading.intent in {"rank", "filter", "aggregate"}:
        reading.level = area_level(question)
    if reading.intent == "rank" and reading.n is None and _singular(question):
        reading.n = 1
    return reading


def _read(question: str, place_count: int, year_range: bool) -> Reading:
    if DISCOVER.search(question) or (DATA_ON.search(question) and place_count == 0):
        return Reading(intent="discover")
    direction, best_worst = _direction(question)
    top = TOP_N.search(question) or N_AREAS.search(question)
    n = None
    if top:
        word = (top.group(2) if top.re is TOP_N else top.group(1)).lower()
        n = int(word) if word.isdigit() else WORD_N[word]
    op, threshold = _threshold(question)
    areas = bool(WHICH_AREA.search(question) or AREAS.search(question)
                 or "where" in question.lower())
    count = COUNT_AREAS.search(question) is not None
    if (bench := BENCHMARK.search(question)) and areas:
        return _benchmark(bench, count)
    if op and areas:
        return Reading(intent="filter", threshold_op=op, threshold=threshold, count=count)
    if top or ((direction or best_worst) and WHICH_AREA.search(question)) \
            or RANK_WORD.search(question):
        return _rank(question, direction, best_worst, n)
    aggregate = _aggregate(question)
    if year_range and _total_over_years(question, aggregate):
        return Reading(intent="aggregate", aggregate="sum", over_years=True)
    if year_range or TREND.search(question) or (BY_PERIOD.search(question) and not aggregate):
        return Reading(intent="trend")
    if aggregate and place_count <= 1 and WHICH_AREA.search(question) is None:
        return Reading(intent="aggregate", aggregate=aggregate)
    if place_count > 1 or COMPARE.search(question):
        return Reading(intent="compare")
    return Reading(intent="value")
