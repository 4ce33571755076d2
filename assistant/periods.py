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
SINCE = re.compile(r"\b(?:since|after|from)\s+(?:the\s+(?:end|start|beginning)\s+of\s+)?" + YEAR)
LAST_N = re.compile(r"\b(?:last|past|previous)\s+(\d{1,2}|two|three|four|five|six|seven|eight|"
                    r"nine|ten)\s+years?\b")
PLAIN_YEAR = re.compile(r"\b" + YEAR + r"\b")
LATEST = re.compile(r"\b(latest|most recent|current|now|today|this year|recent)\b")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
MONTH_YEAR = re.compile(r"\b(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?\s+(\d{4})\b",
                        re.I)
_MONTH = r"(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?"
MONTH_RANGE = re.compile(r"\b(?:between\s+|from\s+)?" + _MONTH + r"\s+(?:and|to|until|-|–)\s+"
                         + _MONTH + r"\s+(\d{4})\b", re.I)
QUARTER_OF = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?"
                        r"(\d{4})\b", re.I)
QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4}
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


def _month(name: str) -> int:
    return [x[:3] for x in MONTHS].index(name[:3].lower()) + 1


def _month_range(m: re.Match[str]) -> str:
    """'April to June 2025' names each month, and the calendar quarter when it is one."""
    first, last, year = _month(m.group(1)), _month(m.group(2)), m.group(3)
    labels = [f"{year}-{month:02d}" for month in range(first, last + 1)]
    if first % 3 == 1 and last == first + 2:
        labels.append(f"Q{last // 3} {year}")
    return " ".join(labels)


def month_labels(text: str) -> str:
    """Months and quarters as tables write them: 'July 2018' is '2018-07', 'April to June
    2025' is '2025-04 2025-05 2025-06 Q2 2025', 'the second quarter of 2025' is 'Q2 2025'."""
    text = MONTH_RANGE.sub(_month_range, text)
    text = QUARTER_OF.sub(lambda m: f"Q{QUARTERS[m.group(1).lower()]} {m.group(2)}", text)
    return MONTH_YEAR.sub(lambda m: f"{m.group(2)}-{_month(m.group(1)):02d}", text)


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
