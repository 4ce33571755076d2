"""Shapes an uncurated file (CSV, XLSX or Parquet) into a tidy table with one generated
DuckDB SELECT, following the conventions of data/catalogue/README.md.

Nothing here knows a dataset. The file is read as text; its shape is read from its headers
and values:

* wide files with one column per year (`2010, 2011, …`, `2018/19, …`) are unpivoted to
  period/value; stems with year suffixes (`pop_2011, pop_2021`, or `POP11, POP21` when the
  file names those years in full) to one column per stem; one column per place
  (`england, wales, …`) to area/value;
* periods are parsed from ISO intervals (`2023-01-01/P1Y`, `2018-04-01/P3Y`), calendar,
  academic (`2018/19`) and financial (`2022-23`) years, DfE `202425`, ISO and UK dates and
  months, and become a readable `period` label plus an INTEGER `year` (and `month`);
* geography is a column of ONS GSS codes (→ `area_code`), or a column of place names matched
  against the `places` / `place_names` tables (→ `area_code` by lookup);
* numbers lose thousands separators, `%` and `£`; suppression markers (`..`, `x`, `[c]`, …)
  become NULL; units come from headers (`(pence per litre)`, `:kt CO2`, `(%)`).

The SELECT is stored in the dataset's catalogue entry, so `ndl index` reproduces the table
from the copied file; the semantic layer is then inferred from the table as for any other.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
from pydantic import BaseModel, Field

from assistant.errors import CatalogueError
from indexing.inference import normalise_unit
from indexing.loading import quote_ident

RAW = "\x00RAW\x00"  # stands for the data/raw path until the SQL is written to the catalogue
GSS = re.compile(r"^[EWSNKL]\d{8}$")
MARKERS = ("", "..", ".", ":", "-", "–", "—", "x", "c", "z", "u", "n/a", "na", "null", "none",
           "*", "[c]", "[x]", "[z]", "[u]", "[low]", "[w]", "suppressed", "not available")
NUMERIC_SHARE = 0.9
PLACE_SHARE = 0.7
MAX_VALUES = 5000

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
NAME_WORDS = {"name", "areanm", "area", "la", "authority", "region", "country", "nation",
              "geography", "place", "lad", "lanm", "ladnm", "council", "county", "district"}
AREA_TYPE_NAMES = {"geography", "area_type", "geographic_level", "geography_type", "level",
                   "areatype", "geography_level", "area_level"}
INDICATOR_NAMES = {"indicator", "indicator_name", "measure", "metric", "variable", "series",
                   "statistic", "measure_name"}
VALUE_NAMES = {"value", "observation", "obs_value", "val", "obs", "data_value", "amount"}
ABBREVIATIONS = {"pop": "population", "pct": "percentage", "perc": "percentage",
                 "hh": "households", "la": "local authority", "lad": "local authority district",
                 "no": "number", "num": "number", "avg": "average", "yr": "year",
                 "yrs": "years", "est": "estimate", "emp": "employment", "gva": "GVA",
                 "fsm": "FSM", "uk": "UK", "gp": "GP", "nhs": "NHS", "co2": "CO2"}


class TidyColumn(BaseModel):
    """One column of the tidy table, documented for the catalogue entry."""

    name: str
    description: str = ""
    unit: str | None = None
    kind: str = "text"  # geography | area_name | area_type | period | time | month | text | number
    source: list[str] = Field(default_factory=list)


class TidyPlan(BaseModel):
    """The generated SELECT (with `{raw}`) and what was read from the file's shape."""

    select: str
    columns: list[TidyColumn]
    shape: str = "long"  # long | wide_years | wide_stems | wide_places
    grain: str | None = None
    geography: str | None = None  # "codes in <col>" | "names in <col>"
    notes: list[str] = Field(default_factory=list)

    def sql(self, raw: Path | str) -> str:
        return self.select.format(raw=str(raw))


@dataclass
class Stats:
    name: str
    nonnull: int
    values: list[str]  # distinct trimmed values, most frequent first (capped)
    distinct: int
    numeric: float  # share of non-marker values that parse as numbers
    places: float = 0.0
    gss: float = 0.0
    time: TimeFormat | None = None


@dataclass
class TimeFormat:
    kind: str  # interval | year | split | ees | range | date | quarter
    grain: str
    label: str  # SQL for the period label (uses {x})
    year: str  # SQL for the INTEGER year (uses {x})
    month: str | None = None  # SQL for the INTEGER month, if monthly or finer
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- names


def snake(text: str) -> str:
    text = text.replace("%", " pct ").replace("£", " gbp ").replace("&", " and ")
    name = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "column"
    if name[0].isdigit():
        name = "c_" + name
    return name[:60].rstrip("_")


def humanise(text: str) -> str:
    """'POP_RANK' → 'Population rank'; 'children-in-relative-poverty' → 'Children in …'."""
    shouting = text.isupper()
    words = [w for w in re.split(r"[\s_\-]+", text.strip()) if w]
    out = [ABBREVIATIONS.get(w.lower(), w.lower() if shouting and len(w) > 3 else w)
           for w in words]
    sentence = " ".join(out)
    return sentence[:1].upper() + sentence[1:]


def split_unit(header: str) -> tuple[str, str | None]:
    """'Price paid (pence per litre)' → ('Price paid', 'pence per litre');
    'Industry Total:kt CO2' → ('Industry Total', 'kt CO2'); 'Percentage (%)' → (…, '%')."""
    text = " ".join(header.split())
    m = re.match(r"^(.*?)\s*[(\[]([^()\[\]]+)[)\]]\s*$", text) or re.match(
        r"^([^:]+):\s*([^:]{1,25})$", text)
    if m and not re.search(r"(1[6-9]|20)\d\d", m.group(2)):  # '(2014 to 2025)' is no unit
        return m.group(1).strip(" :-") or text, normalise_unit(m.group(2))
    return text, None


def file_title(name: str) -> str:
    stem = Path(name).name
    for suffix in (".csv", ".xlsx", ".xls", ".parquet", ".txt", ".tsv"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return humanise(stem.replace(".", " "))


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{name}_{n}"
        n += 1
    taken.add(candidate)
    return candidate


# --------------------------------------------------------------------------- values


def clean_text(expr: str) -> str:
    return f"nullif(trim(CAST({expr} AS VARCHAR)), '')"


def number_sql(expr: str) -> str:
    """Text → DOUBLE: separators, %, £ and spaces removed; markers fail the cast (NULL)."""
    return (f"TRY_CAST(regexp_replace(trim(CAST({expr} AS VARCHAR)), '[,£%\\s]', '', 'g') "
            f"AS DOUBLE)")


def _is_marker(value: str) -> bool:
    return value.strip().lower() in MARKERS


def _parses_number(value: str) -> bool:
    try:
        float(re.sub(r"[,£%\s]", "", value))
    except ValueError:
        return False
    return True


def column_stats(con: duckdb.DuckDBPyConnection, relation: str, name: str) -> Stats:
    col = quote_ident(name)
    text = f"trim(CAST({col} AS VARCHAR))"
    nonnull, distinct = con.execute(
        f"SELECT count({col}) FILTER (WHERE {text} <> ''), count(DISTINCT {text}) "
        f"FROM {relation}"
    ).fetchone() or (0, 0)
    rows = con.execute(
        f"SELECT {text} AS v, count(*) AS n FROM {relation} WHERE {text} <> '' "
        f"GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {MAX_VALUES}"
    ).fetchall()
    values = [str(v) for v, _ in rows]
    weights = [int(n) for _, n in rows]
    counted = [(v, n) for v, n in zip(values, weights, strict=True) if not _is_marker(v)]
    total = sum(n for _, n in counted)
    numeric = sum(n for v, n in counted if _parses_number(v)) / total if total else 0.0
    gss = sum(bool(GSS.match(v)) for v in values) / len(values) if values else 0.0
    return Stats(name=name, nonnull=int(nonnull), values=values, distinct=int(distinct),
                 numeric=numeric, gss=gss)


# --------------------------------------------------------------------------- time


def _tokens(name: str) -> set[str]:
    return set(snake(name).split("_"))


def _time_hint(name: str) -> bool:
    return bool(_tokens(name) & TIME_WORDS) or snake(name) in TIME_WORDS


def _consecutive(first: int, second: str) -> bool:
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
    values = [v for v in values if not _is_marker(v)]
    if not values:
        return None
    hint = hinted or _time_hint(name)
    low = snake(name)
    fiscal = "financial" in low or "fy" in low.split("_") or "ending" in low
    academic = "academic" in low or "school" in low
    if _share(values, INTERVAL_RE) >= 0.9:
        return _interval_format(values)
    split = [m for v in values if (m := SPLIT_RE.match(v)) and _consecutive(int(m.group(1)),
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
    ees = [m for v in values if (m := EES_RE.match(v)) and _consecutive(int(m.group(1)),
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
    if "month" not in _tokens(name) and snake(name) not in {"mon", "mth"}:
        return None
    vals = [v.lower() for v in values if not _is_marker(v)]
    if vals and all(v.isdigit() and 1 <= int(v) <= 12 for v in vals):
        return "CAST({x} AS INTEGER)"
    if vals and all(v in MONTHS for v in vals):
        cases = " ".join(f"WHEN '{k}' THEN {n}" for k, n in sorted(MONTHS.items()))
        return f"(CASE lower({{x}}) {cases} END)"
    return None


# --------------------------------------------------------------------------- geography


def _norm_sql(expr: str) -> str:
    return ("trim(regexp_replace(lower(replace(CAST(" + expr + " AS VARCHAR), '&', ' and ')), "
            "'[^a-z0-9]+', ' ', 'g'))")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).strip()


def place_lookup_sql() -> str:
    """One code per normalised place name (ambiguous names are left out)."""
    return (
        "SELECT k, min(code) AS code FROM ("
        f" SELECT {_norm_sql('name')} AS k, code FROM place_names"
        f" UNION ALL SELECT {_norm_sql('name')}, code FROM places WHERE active"
        f" UNION ALL SELECT {_norm_sql('official_name')}, code FROM places"
        " WHERE active AND official_name IS NOT NULL"
        ") WHERE k <> '' GROUP BY k HAVING count(DISTINCT code) = 1"
    )


def has_places(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name IN ('places', 'place_names')"
    ).fetchone()
    return bool(row and row[0] == 2)


def place_keys(con: duckdb.DuckDBPyConnection) -> set[str]:
    if not has_places(con):
        return set()
    return {str(k) for (k,) in con.execute(f"SELECT k FROM ({place_lookup_sql()})").fetchall()}


def _place_share(values: list[str], keys: set[str]) -> float:
    vals = [v for v in values if not _is_marker(v)]
    if not vals or not keys:
        return 0.0
    return sum(_norm(v) in keys for v in vals) / len(vals)


# --------------------------------------------------------------------------- reshaping


def _year_header(header: str) -> bool:
    text = header.strip()
    if YEAR_RE.match(text):
        return True
    m = SPLIT_RE.match(text)
    return bool(m and _consecutive(int(m.group(1)), m.group(3)))


STEM_RE = re.compile(r"^(.*?[A-Za-z])[\s_\-]*((?:1[6-9]|20)\d\d)$")
STEM2_RE = re.compile(r"^(.*?[A-Za-z])[\s_\-]*(\d\d)$")


def _stems(headers: list[str], numeric: set[str], context: str) -> dict[str, dict[int, str]]:
    """Numeric columns named stem+year: {'pop': {2011: 'POP11', 2021: 'POP21'}}.

    Four-digit years always count; two-digit suffixes only when the file's name or title
    names those years in full (so 'pm10', 'pm25' are not read as 2010 and 2025)."""
    mentioned = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", context)}
    groups: dict[str, dict[int, str]] = {}
    for h in headers:
        if h not in numeric:
            continue
        if m := STEM_RE.match(h.strip()):
            groups.setdefault(m.group(1), {})[int(m.group(2))] = h
        elif (m := STEM2_RE.match(h.strip())) and mentioned:
            two = int(m.group(2))
            year = next((y for y in mentioned if y % 100 == two), None)
            if year is not None:
                groups.setdefault(m.group(1), {})[year] = h
    return {stem: years for stem, years in groups.items() if len(years) >= 2}


@dataclass
class Reshape:
    shape: str
    sql: str  # a SELECT over `src`
    notes: list[str]
    value_columns: dict[str, str]  # output name → description (for unpivoted values)
    units: dict[str, str | None] = field(default_factory=dict)
    period_column: str | None = None  # column holding unpivoted period labels
    place_column: str | None = None  # column holding unpivoted place names


def reshape(con: duckdb.DuckDBPyConnection, headers: list[str], stats: dict[str, Stats],
            keys: set[str], context: str, value_label: str) -> Reshape | None:
    numeric = {h for h, s in stats.items() if s.numeric >= NUMERIC_SHARE and s.nonnull}
    has_time = any(detect_time(h, stats[h].values) for h in headers if h not in numeric
                   or _time_hint(h))
    year_cols = [h for h in headers if _year_header(h) and h in numeric | {
        k for k, s in stats.items() if not s.nonnull}]
    if len(year_cols) >= 2 and not has_time:
        ids = [h for h in headers if h not in year_cols]
        on = ", ".join(quote_ident(h) for h in year_cols)
        select = ", ".join(quote_ident(h) for h in ids)
        sql = (f"SELECT {select + ', ' if ids else ''}trim(period_raw) AS period_raw, value_raw "
               f"FROM (UNPIVOT src ON {on} INTO NAME period_raw VALUE value_raw)")
        _, unit = split_unit(value_label)
        return Reshape("wide_years", sql, [f"{len(year_cols)} year columns unpivoted to "
                                           f"period and value"],
                       {"value_raw": value_label}, period_column="period_raw",
                       units={"value_raw": unit})
    stems = {} if has_time else _stems(headers, numeric, context)
    if stems:
        years = sorted({y for ys in stems.values() for y in ys})
        used = {h for ys in stems.values() for h in ys.values()}
        ids = [h for h in headers if h not in used]
        names: dict[str, str] = {}
        taken = {snake(h) for h in ids}
        for stem in stems:
            names[stem] = _unique(snake(stem), taken)
        parts = []
        for y in years:
            cols = [quote_ident(h) for h in ids]
            cols.append(f"'{y}' AS period_raw")
            cols += [f"{quote_ident(ys[y]) if y in ys else 'NULL'} AS {quote_ident(names[s])}"
                     for s, ys in stems.items()]
            parts.append(f"SELECT {', '.join(cols)} FROM src")
        described = {names[s]: humanise(split_unit(s)[0]) for s in stems}
        notes = [f"columns {', '.join(sorted(used))} unpivoted to one column per measure "
                 f"({', '.join(names.values())}) by year"]
        return Reshape("wide_stems", " UNION ALL ".join(parts), notes, described,
                       period_column="period_raw")
    place_cols = [h for h in headers if h in numeric and _norm(h) in keys]
    if len(place_cols) >= 2 and len(place_cols) >= 0.5 * len(numeric):
        ids = [h for h in headers if h not in place_cols]
        on = ", ".join(quote_ident(h) for h in place_cols)
        select = ", ".join(quote_ident(h) for h in ids)
        sql = (f"SELECT {select + ', ' if ids else ''}area_raw, value_raw "
               f"FROM (UNPIVOT src ON {on} INTO NAME area_raw VALUE value_raw)")
        _, unit = split_unit(value_label)
        return Reshape("wide_places", sql, [f"{len(place_cols)} place columns unpivoted to "
                                            f"area and value"],
                       {"value_raw": value_label}, place_column="area_raw",
                       units={"value_raw": unit})
    return None


# --------------------------------------------------------------------------- the plan


def source_sql(file_name: str, kind: str, encoding: str | None = None) -> str:
    """The relation that reads the copied file as text, under {raw}/added/."""
    literal = "'" + f"{RAW}/added/{file_name}".replace("'", "''") + "'"
    if kind == "parquet":
        return f"SELECT COLUMNS(*)::VARCHAR FROM read_parquet({literal})"
    options = "header=true, all_varchar=true, sample_size=-1, null_padding=true"
    if encoding:
        options += f", encoding='{encoding}'"
    return f"SELECT * FROM read_csv({literal}, {options})"


def _finish(sql: str) -> str:
    """Escape braces for str.format, then put the {raw} placeholder back."""
    return sql.replace("{", "{{").replace("}", "}}").replace(RAW, "{raw}")


def _headers(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [str(d[0]) for d in con.execute(f"SELECT * FROM {relation} LIMIT 0").description]


def plan_tidy(con: duckdb.DuckDBPyConnection, source: str, raw_dir: Path, *, title: str,
              file_name: str) -> TidyPlan:
    """Read the file's shape and write the SELECT that makes it tidy.

    `source` is `source_sql(...)`; `raw_dir` is where {raw} points during analysis; the
    connection should hold `places` and `place_names` for place-name matching."""
    src_sql = source.replace(RAW, str(raw_dir))
    try:
        con.execute(f"CREATE OR REPLACE TEMP VIEW src AS {src_sql}")
        headers = _headers(con, "src")
    except duckdb.Error as exc:
        raise NotATable(f"{file_name} could not be read as a table: {exc}") from exc
    if len(headers) < 2:
        raise NotATable(f"{file_name} has fewer than two columns, so it is not a table",
                        columns=headers)
    row = con.execute("SELECT count(*) FROM src").fetchone()
    if not row or not row[0]:
        raise NotATable(f"{file_name} has no rows")
    stats = {h: column_stats(con, "src", h) for h in headers}
    keys = place_keys(con)
    context = f"{file_name} {title}"
    shaped = reshape(con, headers, stats, keys, context, title)
    ctes = [f"src AS ({source})"]
    relation = "src"
    notes: list[str] = []
    if shaped:
        con.execute(f"CREATE OR REPLACE TEMP VIEW shaped AS {shaped.sql}")
        ctes.append(f"shaped AS ({shaped.sql})")
        relation = "shaped"
        notes += shaped.notes
        headers = _headers(con, "shaped")
        stats = {h: column_stats(con, "shaped", h) for h in headers}
    for h in headers:
        stats[h].places = _place_share(stats[h].values, keys)
    return _select(con, ctes, relation, headers, stats, shaped, title, notes)


def _select(con: duckdb.DuckDBPyConnection, ctes: list[str], relation: str,
            headers: list[str], stats: dict[str, Stats], shaped: Reshape | None,
            title: str, notes: list[str]) -> TidyPlan:
    used: set[str] = set()
    out: list[tuple[str, TidyColumn]] = []  # (SQL expression, column)
    taken: set[str] = set()
    joins: list[str] = []

    def add(expr: str, name: str, **kw: object) -> TidyColumn:
        column = TidyColumn(name=_unique(name, taken), **kw)
        out.append((expr, column))
        return column

    def x(h: str) -> str:
        return f"s.{quote_ident(h)}"

    # geography: a column of GSS codes, else a column of place names
    geography = None
    code_col = max((h for h in headers if stats[h].gss >= 0.8),
                   key=lambda h: stats[h].gss, default=None)
    named = [h for h in headers if h != code_col and stats[h].numeric < NUMERIC_SHARE]
    if shaped and shaped.place_column:
        name_col: str | None = shaped.place_column
    elif code_col:
        codes = max(1, stats[code_col].distinct)

        def one_to_one(h: str) -> float:  # the area's name has as many values as its code
            d = stats[h].distinct
            return min(d, codes) / max(d, codes)

        name_col = max((h for h in named if _tokens(h) & NAME_WORDS or stats[h].places >= 0.5),
                       key=lambda h: (round(one_to_one(h), 1), stats[h].places), default=None)
        if name_col and one_to_one(name_col) < 0.67:
            name_col = None
    else:
        name_col = max((h for h in named if stats[h].places >= PLACE_SHARE),
                       key=lambda h: (stats[h].places, stats[h].distinct), default=None)
    if code_col:
        add(f"trim({x(code_col)})", "area_code", kind="geography", source=[code_col],
            description="ONS GSS code of the area")
        used.add(code_col)
        geography = f"ONS codes in {code_col!r}"
        if name_col:
            add(clean_text(x(name_col)), "area_name", kind="area_name", source=[name_col],
                description="Area name as published")
            used.add(name_col)
        elif _has_table(con, "places"):
            joins.append(f"LEFT JOIN places p ON p.code = trim({x(code_col)})")
            add("p.name", "area_name", kind="area_name", description="Area name (from places)")
    elif name_col and _has_table(con, "places"):
        joins.append(f"LEFT JOIN ({place_lookup_sql()}) g ON g.k = {_norm_sql(x(name_col))}")
        add("g.code", "area_code", kind="geography", source=[name_col],
            description=f"ONS GSS code matched from the place names in {name_col!r}")
        if shaped and shaped.place_column == name_col:  # headers: use the gazetteer's name
            joins.append("LEFT JOIN places pn ON pn.code = g.code")
            add(f"coalesce(pn.name, {clean_text(x(name_col))})", "area_name", kind="area_name",
                source=[name_col], description="Area name")
        else:
            add(clean_text(x(name_col)), "area_name", kind="area_name", source=[name_col],
                description="Area name as published")
        used.add(name_col)
        geography = f"place names in {name_col!r}"
        known = place_keys(con)
        unmatched = [v for v in stats[name_col].values if not _is_marker(v)
                     and _norm(v) not in known]
        if unmatched:
            notes.append(f"{len(unmatched)} name(s) matched no place and have no area code: "
                         + ", ".join(unmatched[:5]))
    if geography:
        kind_col = next((h for h in headers if h not in used and snake(h) in AREA_TYPE_NAMES
                         and stats[h].numeric < NUMERIC_SHARE), None)
        if kind_col:
            add(clean_text(x(kind_col)), "area_type", kind="area_type", source=[kind_col],
                description="Type of area as published")
            used.add(kind_col)

    # time: a period column (ISO interval, year, split year, date…) and a month column
    grain = None
    time_col = None
    fmt: TimeFormat | None = None
    candidates = ([shaped.period_column] if shaped and shaped.period_column else []) + [
        h for h in headers
        if h not in used and (stats[h].numeric < NUMERIC_SHARE or _time_hint(h))]
    for h in candidates:
        if h in used or h is None:
            continue
        fmt = detect_time(h, stats[h].values, hinted=bool(shaped and h == shaped.period_column))
        if fmt:
            time_col = h
            break
    month_col = next((h for h in headers if h not in used and h != time_col
                      and month_sql(h, stats[h].values)), None)
    if fmt and time_col:
        t = f"nullif(trim({x(time_col)}), '')"
        label = fmt.label.replace("{x}", t)
        year = fmt.year.replace("{x}", t)
        if month_col and not fmt.month:
            month = (month_sql(month_col, stats[month_col].values) or "").replace(
                "{x}", f"trim({x(month_col)})")
            label = f"(CAST({year} AS VARCHAR) || '-' || lpad(CAST({month} AS VARCHAR), 2, '0'))"
            grain = "month"
        else:
            grain = fmt.grain
        add(label, "period", kind="period", source=[time_col],
            description=f"Period as a label ({grain})")
        add(year, "year", kind="time", source=[time_col],
            description="First calendar year of the period")
        if fmt.month:
            add(fmt.month.replace("{x}", t), "month", kind="month", source=[time_col],
                description="Month (1-12)")
        elif month_col:
            add((month_sql(month_col, stats[month_col].values) or "").replace(
                "{x}", f"trim({x(month_col)})"), "month", kind="month", source=[month_col],
                description="Month (1-12)")
        used.add(time_col)
        if month_col:
            used.add(month_col)
        notes += fmt.notes

    # the rest: text columns stay text, numeric columns become DOUBLE measures
    numbers = [h for h in headers if h not in used and stats[h].nonnull
               and stats[h].numeric >= NUMERIC_SHARE]
    texts = [h for h in headers if h not in used and h not in numbers]
    indicators = [h for h in texts if snake(h) in INDICATOR_NAMES]
    value_like = [h for h in numbers if snake(h) in VALUE_NAMES or h == "value_raw"]
    long_value = value_like[0] if value_like else (
        numbers[0] if indicators and len([n for n in numbers if not _aux(n)]) == 1 else None)
    for h in indicators + [t for t in texts if t not in indicators]:
        if not stats[h].nonnull:
            continue
        add(clean_text(x(h)), snake(h), source=[h], description=humanise(h))
    for h in numbers:
        label, unit = split_unit(h)
        if shaped and h in shaped.value_columns:
            label = shaped.value_columns[h]
            unit = shaped.units.get(h, unit)
        name = "value" if h == long_value else snake(label)
        add(number_sql(x(h)), name, kind="number", unit=unit, source=[h],
            description=humanise(label) if label == h or len(label) < 40 else label)
    if not any(c.kind == "number" for _, c in out):
        raise NoMeasure("the file has no numeric column to answer questions with",
                        columns=headers)

    measures = [f"{e}" for e, c in out if c.kind == "number"]
    keep = " OR ".join(f"{m} IS NOT NULL" for m in measures)
    if fmt:
        keep = f"({keep}) OR {next(e for e, c in out if c.name == 'year')} IS NOT NULL"
    select = ",\n  ".join(f"{e} AS {quote_ident(c.name)}" for e, c in out)
    with_clause = ",\n".join(ctes)
    sql = (f"WITH {with_clause}\nSELECT\n  {select}\n"
           f"FROM {' '.join([relation + ' s', *joins])}\nWHERE {keep}")
    return TidyPlan(select=_finish(sql), columns=[c for _, c in out],
                    shape=shaped.shape if shaped else "long", grain=grain,
                    geography=geography, notes=notes)


AUX_WORDS = {"lci", "uci", "lower", "upper", "ci", "se", "flag", "estimated", "provisional",
             "rank", "ranking", "id", "code", "lat", "lon", "latitude", "longitude",
             "easting", "northing", "denominator"}


def _aux(header: str) -> bool:
    return bool(_tokens(header) & AUX_WORDS) or bool(re.search(r"^(l|u)ci_?\d*$", snake(header)))


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                      [name]).fetchone()
    return bool(row and row[0])


class NotATable(CatalogueError):
    """The file could not be read as a table (unreadable, one column, no rows)."""

    code = "not_a_table"


class NoMeasure(CatalogueError):
    """The file has no numeric column, so no question could be answered from it."""

    code = "no_measure"
