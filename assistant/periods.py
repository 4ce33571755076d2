"""Reads the time a question asks about: a year, an academic or financial year, a range,
"since", "last N years" or "latest". Years are the first calendar year a period starts in.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

YEAR = r"(1[89]\d\d|20\d\d)"
SPLIT_YEAR = re.compile(YEAR + r"\s*[/-]\s*(\d{2}|\d{4})\b")
RANGE = re.compile(
    r"\b(?:between|from)\s+" + YEAR + r"(?:\s*[/-]\s*\d{2,4})?\s+(?:and|to|until|-)\s+" + YEAR
    + r"|\b" + YEAR + r"\s*(?:to|until|–|—|-)\s*" + YEAR
)
SINCE = re.compile(r"\b(?:since|after|from)\s+" + YEAR)
LAST_N = re.compile(r"\b(?:last|past|previous)\s+(\d{1,2}|two|three|four|five|six|seven|eight|"
                    r"nine|ten)\s+years?\b")
PLAIN_YEAR = re.compile(r"\b" + YEAR + r"\b")
LATEST = re.compile(r"\b(latest|most recent|current|now|today|this year|recent)\b")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
MONTH_YEAR = re.compile(r"\b(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?\s+(\d{4})\b",
                        re.I)
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10}


class PeriodQuery(BaseModel):
    """What the question says about time; resolved against a measure's periods later."""

    years: list[int] = []
    start: int | None = None
    end: int | None = None
    last_n: int | None = None
    latest: bool = False
    text: str = ""

    @property
    def is_range(self) -> bool:
        return self.start is not None or self.last_n is not None

    @property
    def given(self) -> bool:
        return bool(self.years) or self.is_range or self.latest


def _collapse_split_years(text: str) -> str:
    """'2018/19' and '2022-23' name the year they start in, so keep only that year."""

    def first_if_consecutive(m: re.Match[str]) -> str:
        first, second = int(m.group(1)), m.group(2)
        return m.group(1) if int(second[-2:]) == (first + 1) % 100 else m.group(0)

    return SPLIT_YEAR.sub(first_if_consecutive, text)


def month_labels(text: str) -> str:
    """'July 2018' is written '2018-07' in monthly tables."""
    def label(m: re.Match[str]) -> str:
        month = [x[:3] for x in MONTHS].index(m.group(1)[:3].lower()) + 1
        return f"{m.group(2)}-{month:02d}"

    return MONTH_YEAR.sub(label, text)


def parse_periods(question: str) -> PeriodQuery:
    text = question.lower()
    query = PeriodQuery()
    text = _collapse_split_years(text)
    if m := RANGE.search(text):
        groups = [int(g) for g in m.groups() if g]
        query.start, query.end = min(groups), max(groups)
        query.text = m.group(0)
    elif m := SINCE.search(text):
        query.start = int(m.group(1))
        query.text = m.group(0)
    elif m := LAST_N.search(text):
        word = m.group(1)
        query.last_n = int(word) if word.isdigit() else NUMBERS[word]
        query.text = m.group(0)
    else:
        query.years = sorted({int(y) for y in PLAIN_YEAR.findall(text)})
    query.latest = bool(LATEST.search(text)) and not query.years and not query.is_range
    return query


def resolve_years(query: PeriodQuery, available: list[int]) -> list[int]:
    """The available years the question asks for (empty when none match)."""
    if not available:
        return []
    if query.last_n is not None:
        return available[-query.last_n:]
    if query.start is not None:
        end = query.end if query.end is not None else available[-1]
        return [y for y in available if query.start <= y <= end]
    return [y for y in query.years if y in available]
