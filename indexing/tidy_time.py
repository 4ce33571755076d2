"""Period formats of uncurated files: which column holds time, and SQL for its label and year.

Periods are parsed from ISO intervals (`2023-01-01/P1Y`), calendar, academic (`2018/19`)
and financial (`2022-23`) years, DfE `202425`, quarters, ISO and UK dates and months; each
becomes a readable `period` label, an INTEGER `year` and, when finer, a `month`.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from indexing.tidy_text import is_marker, snake, tokens

YEAR_RE = re.compile(r"^(1[6-9]\d\d|20\d\d)(?:\.0)?$")
SPLIT_RE = re.compile(r"^(1[6-9]\d\d|20\d\d)\s*([/-])\s*(\d{2}|\d{4})$")
RANGE_RE = re.compile(r"^(1[6-9]\d\d|20\d\d)\s*(?:-|–|to)\s*(\d{2}|\d{4})$")
EES_RE = re.compile(r"^(1[6-9]\d\d|20\d\d)(\d\d)$")
INTERVAL_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+Z?)?/P(\d+)([YMWD])$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$")
UK_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
LONG_DATE_RE = re.compile(r"^(\d{1,2}) ([A-Za-z]+) (\d{4})$")
YEAR_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
MONTH_YEAR_RE = re.compile(r"^([A-Za-z]{3,9})[ -](\d{4})$")
QUARTER_RE = re.compile(r"^(?:(\d{4})\s*[- ]?\s*Q([1-4])|Q([1-4])\s*[- ]?\s*(\d{4}))$", re.I)
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS["sept"] = 9
TIME_WORDS = {"year", "years", "yr", "period", "time", "date", "fy", "quarter", "ending",
              "financial", "academic", "month", "week", "day", "time_period"}


@dataclass
class TimeFormat:
    kind: str  # interval | year | split | ees | range | date | quarter
    grain: str
    label: str  # SQL for the period label (uses {x})
    year: str  # SQL for the INTEGER year (uses {x})
    month: str | None = None  # SQL for the INTEGER month, if monthly or finer
    notes: list[str] = field(default_factory=list)


def time_hint(name: str) -> bool:
    return bool(tokens(name) & TIME_WORDS) or snake(name) in TIME_WORDS


def consecutive(first: int, second: str) -> bool:
    return int(second[-2:]) == (first + 1) % 100 and (len(second) == 2 or int(second) == first + 1)


def _share(values: list[str], test: re.Pattern[str]) -> float:
    return sum(bool(test.match(v)) for v in values) / len(values) if values else 0.0


def _year_label(kind: str) -> str:
    """SQL for 'YYYY-YY' (financial) or 'YYYY/YY' (academic) from an INTEGER year {y}."""
    sep = "-" if kind == "financial" else "/"
    return f"(CAST({{y}} AS VARCHAR) || '{sep}' || right(CAST({{y}} + 1 AS VARCHAR), 2))"


def _interval_format(values: list[str]) -> TimeFormat:
    parsed = [INTERVAL_RE.match(v) for v in values]
    shapes = Counter((m.group(2), m.group(3), m.group(4), m.group(5)) for m in parsed if m)
    start = "CAST(substr({x}, 1, 10) AS DATE)"
    year = f"CAST(year({start}) AS INTEGER)"
    (month, day, n, unit), _ = shapes.most_common(1)[0]
    mixed = len({(s[2], s[3]) for s in shapes}) > 1 or (
        unit == "Y" and len({s[0] for s in shapes}) > 1)
    count = int(n)
    y = year
    if mixed:
        return TimeFormat("interval", "mixed periods", "{x}", year,
                          notes=["periods of different lengths are kept as published"])
    if unit == "Y":
        if month == "01" and day == "01":
            grain = "calendar year" if count == 1 else f"{count}-year period (calendar years)"
            label = (f"CAST({y} AS VARCHAR)" if count == 1 else
                     f"(CAST({y} AS VARCHAR) || '-' || CAST({y} + {count - 1} AS VARCHAR))")
        else:
            kind = ("financial" if month == "04" else "academic" if month in {"08", "09"}
                    else "split")
            grain = {"financial": "financial year", "academic": "academic year"}.get(
                kind, f"year starting {calendar.month_name[int(month)]}")
            first = _year_label(kind).format(y=y)
            if count == 1:
                label = first
            else:
                last = _year_label(kind).format(y=f"({y} + {count - 1})")
                label = f"({first} || ' to ' || {last})"
                grain = f"{count}-year period ({grain}s)"
        return TimeFormat("interval", grain, label, year)
    if unit == "M" and count == 3:
        return TimeFormat("interval", "quarter",
                          f"(CAST({y} AS VARCHAR) || ' Q' || CAST(quarter({start}) AS VARCHAR))",
                          year, month=f"CAST(month({start}) AS INTEGER)")
    if unit == "M":
        return TimeFormat("interval", "month" if count == 1 else f"{count}-month period",
                          f"strftime({start}, '%Y-%m')", year,
                          month=f"CAST(month({start}) AS INTEGER)")
    return TimeFormat("interval", "day" if count == 1 else f"{count}-day period",
                      f"strftime({start}, '%Y-%m-%d')", year,
                      month=f"CAST(month({start}) AS INTEGER)")


def _dates(values: list[str], kind: str) -> list[date]:
    out = []
    for v in values:
        try:
            if kind == "iso":
                out.append(date.fromisoformat(v[:10]))
            elif kind == "uk":
                out.append(datetime.strptime(v, "%d/%m/%Y").date())
            elif kind == "long":
                out.append(datetime.strptime(v, "%d %B %Y").date())
            elif kind == "year_month":
                out.append(datetime.strptime(v, "%Y-%m").date())
            elif kind in {"month_year_b", "month_year_B"}:
                fmt = "%b %Y" if kind == "month_year_b" else "%B %Y"
                out.append(datetime.strptime(v.replace("-", " "), fmt).date())
        except ValueError:
            continue
    return out


def _date_format(values: list[str], kind: str) -> TimeFormat | None:
    parsers = {"iso": "CAST(substr({x}, 1, 10) AS DATE)",
               "uk": "CAST(strptime({x}, '%d/%m/%Y') AS DATE)",
               "long": "CAST(strptime({x}, '%d %B %Y') AS DATE)",
               "year_month": "CAST(strptime({x}, '%Y-%m') AS DATE)",
               "month_year_b": "CAST(strptime(replace({x}, '-', ' '), '%b %Y') AS DATE)",
               "month_year_B": "CAST(strptime(replace({x}, '-', ' '), '%B %Y') AS DATE)"}
    dates = _dates(values, kind)
    if len(dates) < 0.9 * len(values) or not dates:
        return None
    d = parsers[kind]
    year = f"CAST(year({d}) AS INTEGER)"
    per_year = Counter(x.year for x in dates)
    if max(per_year.values()) <= 1:
        return TimeFormat("date", "year (dated)", "{x}", year)
    if kind.startswith(("year_month", "month_year")) or all(x.day == 1 for x in dates):
        return TimeFormat("date", "month", f"strftime({d}, '%Y-%m')", year,
                          month=f"CAST(month({d}) AS INTEGER)")
    return TimeFormat("date", "day", f"strftime({d}, '%Y-%m-%d')", year,
                      month=f"CAST(month({d}) AS INTEGER)")


def detect_time(name: str, values: list[str], hinted: bool = False) -> TimeFormat | None:
    """The period format of a column, when ≥ 90% of its distinct values share one."""
    values = [v for v in values if not is_marker(v)]
    if not values:
        return None
    hint = hinted or time_hint(name)
    low = snake(name)
    fiscal = "financial" in low or "fy" in low.split("_") or "ending" in low
    academic = "academic" in low or "school" in low
    if _share(values, INTERVAL_RE) >= 0.9:
        return _interval_format(values)
    split = [m for v in values if (m := SPLIT_RE.match(v)) and consecutive(int(m.group(1)),
                                                                             m.group(3))]
    if len(split) >= 0.9 * len(values):
        seps = Counter(m.group(2) for m in split)
        kind = ("financial" if fiscal else "academic" if academic
                else "academic" if seps.most_common(1)[0][0] == "/" else "financial")
        return TimeFormat("split", f"{kind} year", "{x}", "CAST(left({x}, 4) AS INTEGER)")
    if hint and _share(values, YEAR_RE) >= 0.9:
        year = "CAST(TRY_CAST({x} AS DOUBLE) AS INTEGER)"
        if fiscal or academic:
            kind = "financial" if fiscal else "academic"
            return TimeFormat("year", f"{kind} year", _year_label(kind).format(y=year), year,
                              notes=[f"{name!r} holds the first calendar year of each "
                                     f"{kind} year"])
        return TimeFormat("year", "calendar year", f"CAST({year} AS VARCHAR)", year)
    ees = [m for v in values if (m := EES_RE.match(v)) and consecutive(int(m.group(1)),
                                                                        m.group(2))]
    if hint and len(ees) >= 0.9 * len(values):
        kind = "financial" if fiscal else "academic"
        label = f"(left({{x}}, 4) || '{'-' if fiscal else '/'}' || right({{x}}, 2))"
        return TimeFormat("ees", f"{kind} year", label, "CAST(left({x}, 4) AS INTEGER)")
    if _share(values, RANGE_RE) >= 0.9 and hint:
        return TimeFormat("range", "multi-year period", "{x}", "CAST(left({x}, 4) AS INTEGER)")
    if _share(values, QUARTER_RE) >= 0.9:
        return TimeFormat("quarter", "quarter", "{x}",
                          "CAST(regexp_extract({x}, '(1[6-9][0-9][0-9]|20[0-9][0-9])') "
                          "AS INTEGER)")
    for kind, pattern in (("iso", ISO_DATE_RE), ("uk", UK_DATE_RE), ("long", LONG_DATE_RE),
                          ("year_month", YEAR_MONTH_RE)):
        if _share(values, pattern) >= 0.9:
            return _date_format(values, kind)
    if _share(values, MONTH_YEAR_RE) >= 0.9:
        short = all(m.group(1).lower() in MONTHS and len(m.group(1)) == 3
                    for v in values if (m := MONTH_YEAR_RE.match(v)))
        return _date_format(values, "month_year_b" if short else "month_year_B")
    return None


def month_sql(name: str, values: list[str]) -> str | None:
    """A separate month column (1-12 or month names) → INTEGER month SQL, else None."""
    if "month" not in tokens(name) and snake(name) not in {"mon", "mth"}:
        return None
    vals = [v.lower() for v in values if not is_marker(v)]
    if vals and all(v.isdigit() and 1 <= int(v) <= 12 for v in vals):
        return "CAST({x} AS INTEGER)"
    if vals and all(v in MONTHS for v in vals):
        cases = " ".join(f"WHEN '{k}' THEN {n}" for k, n in sorted(MONTHS.items()))
        return f"(CASE lower({{x}}) {cases} END)"
    return None


def is_year_header(header: str) -> bool:
    text = header.strip()
    if YEAR_RE.match(text):
        return True
    m = SPLIT_RE.match(text)
    return bool(m and consecutive(int(m.group(1)), m.group(3)))
