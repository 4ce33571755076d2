"""Which columns the tidy table has: geography, time, then text and numeric measures.

Each source header is used once: a column of GSS codes (or of place names matched to codes)
becomes `area_code` / `area_name` / `area_type`; the first column whose values share a
period format becomes `period` / `year` / `month`; the rest stay text or become DOUBLE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

from indexing.loading import quote_ident
from indexing.tidy_places import has_table, norm, norm_sql, place_keys, place_lookup_sql
from indexing.tidy_plan import NoMeasure, TidyColumn
from indexing.tidy_reshape import Reshape
from indexing.tidy_stats import NUMERIC_SHARE, PLACE_SHARE, Stats
from indexing.tidy_text import (
    clean_text,
    humanise,
    is_marker,
    number_sql,
    snake,
    split_unit,
    tokens,
    unique_name,
)
from indexing.tidy_time import TimeFormat, detect_time, month_sql, time_hint

NAME_WORDS = {"name", "areanm", "area", "la", "authority", "region", "country", "nation",
              "geography", "place", "lad", "lanm", "ladnm", "council", "county", "district"}
AREA_TYPE_NAMES = {"geography", "area_type", "geographic_level", "geography_type", "level",
                   "areatype", "geography_level", "area_level"}
INDICATOR_NAMES = {"indicator", "indicator_name", "measure", "metric", "variable", "series",
                   "statistic", "measure_name"}
VALUE_NAMES = {"value", "observation", "obs_value", "val", "obs", "data_value", "amount"}
AUX_WORDS = {"lci", "uci", "lower", "upper", "ci", "se", "flag", "estimated", "provisional",
             "rank", "ranking", "id", "code", "lat", "lon", "latitude", "longitude",
             "easting", "northing", "denominator"}


@dataclass
class Columns:
    """The tidy table's columns as they are chosen, and what choosing them found out."""

    out: list[tuple[str, TidyColumn]] = field(default_factory=list)  # (SQL expression, column)
    taken: set[str] = field(default_factory=set)  # output names
    used: set[str] = field(default_factory=set)  # source headers already turned into columns
    joins: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    geography: str | None = None
    grain: str | None = None
    year: str | None = None  # SQL of the `year` column, when there is time

    def add(self, expr: str, name: str, **kw: object) -> TidyColumn:
        column = TidyColumn(name=unique_name(name, self.taken), **kw)
        self.out.append((expr, column))
        return column


def _x(h: str) -> str:
    return f"s.{quote_ident(h)}"


def choose_columns(con: duckdb.DuckDBPyConnection, headers: list[str],
                   stats: dict[str, Stats], shaped: Reshape | None) -> Columns:
    """Geography first, then time, then every remaining column; refuses a file with no
    numeric column."""
    cols = Columns()
    _geography(cols, con, headers, stats, shaped)
    _time(cols, headers, stats, shaped)
    _text_and_numbers(cols, headers, stats, shaped)
    if not any(c.kind == "number" for _, c in cols.out):
        raise NoMeasure("the file has no numeric column to answer questions with",
                        columns=headers)
    return cols


# --------------------------------------------------------------------------- geography


def _code_and_name(headers: list[str], stats: dict[str, Stats], shaped: Reshape | None
                   ) -> tuple[str | None, str | None]:
    """The column of GSS codes and the column of place names (either may be missing)."""
    code_col = max((h for h in headers if stats[h].gss >= 0.8),
                   key=lambda h: stats[h].gss, default=None)
    named = [h for h in headers if h != code_col and stats[h].numeric < NUMERIC_SHARE]
    if shaped and shaped.place_column:
        return code_col, shaped.place_column
    if not code_col:
        return None, max((h for h in named if stats[h].places >= PLACE_SHARE),
                         key=lambda h: (stats[h].places, stats[h].distinct), default=None)
    codes = max(1, stats[code_col].distinct)

    def one_to_one(h: str) -> float:  # the area's name has as many values as its code
        d = stats[h].distinct
        return min(d, codes) / max(d, codes)

    name_col = max((h for h in named if tokens(h) & NAME_WORDS or stats[h].places >= 0.5),
                   key=lambda h: (round(one_to_one(h), 1), stats[h].places), default=None)
    if name_col and one_to_one(name_col) < 0.67:
        name_col = None
    return code_col, name_col


def _geography(cols: Columns, con: duckdb.DuckDBPyConnection, headers: list[str],
               stats: dict[str, Stats], shaped: Reshape | None) -> None:
    """A column of GSS codes, else a column of place names; then the area type, if any."""
    code_col, name_col = _code_and_name(headers, stats, shaped)
    if code_col:
        _coded_areas(cols, con, code_col, name_col)
    elif name_col and has_table(con, "places"):
        _named_areas(cols, con, name_col, stats, shaped)
    if cols.geography:
        kind_col = next((h for h in headers if h not in cols.used
                         and snake(h) in AREA_TYPE_NAMES
                         and stats[h].numeric < NUMERIC_SHARE), None)
        if kind_col:
            cols.add(clean_text(_x(kind_col)), "area_type", kind="area_type",
                     source=[kind_col], description="Type of area as published")
            cols.used.add(kind_col)


def _coded_areas(cols: Columns, con: duckdb.DuckDBPyConnection, code_col: str,
                 name_col: str | None) -> None:
    cols.add(f"trim({_x(code_col)})", "area_code", kind="geography", source=[code_col],
             description="ONS GSS code of the area")
    cols.used.add(code_col)
    cols.geography = f"ONS codes in {code_col!r}"
    if name_col:
        cols.add(clean_text(_x(name_col)), "area_name", kind="area_name", source=[name_col],
                 description="Area name as published")
        cols.used.add(name_col)
    elif has_table(con, "places"):
        cols.joins.append(f"LEFT JOIN places p ON p.code = trim({_x(code_col)})")
        cols.add("p.name", "area_name", kind="area_name",
                 description="Area name (from places)")


def _named_areas(cols: Columns, con: duckdb.DuckDBPyConnection, name_col: str,
                 stats: dict[str, Stats], shaped: Reshape | None) -> None:
    """Codes looked up from place names; names that match no place are noted."""
    cols.joins.append(f"LEFT JOIN ({place_lookup_sql()}) g ON g.k = {norm_sql(_x(name_col))}")
    cols.add("g.code", "area_code", kind="geography", source=[name_col],
             description=f"ONS GSS code matched from the place names in {name_col!r}")
    if shaped and shaped.place_column == name_col:  # headers: use the gazetteer's name
        cols.joins.append("LEFT JOIN places pn ON pn.code = g.code")
        cols.add(f"coalesce(pn.name, {clean_text(_x(name_col))})", "area_name",
                 kind="area_name", source=[name_col], description="Area name")
    else:
        cols.add(clean_text(_x(name_col)), "area_name", kind="area_name", source=[name_col],
                 description="Area name as published")
    cols.used.add(name_col)
    cols.geography = f"place names in {name_col!r}"
    known = place_keys(con)
    unmatched = [v for v in stats[name_col].values if not is_marker(v)
                 and norm(v) not in known]
    if unmatched:
        cols.notes.append(f"{len(unmatched)} name(s) matched no place and have no area code: "
                          + ", ".join(unmatched[:5]))


# --------------------------------------------------------------------------- time


def _find_time(cols: Columns, headers: list[str], stats: dict[str, Stats],
               shaped: Reshape | None) -> tuple[str | None, TimeFormat | None]:
    """The first candidate column whose values share a period format, and that format."""
    candidates = ([shaped.period_column] if shaped and shaped.period_column else []) + [
        h for h in headers
        if h not in cols.used and (stats[h].numeric < NUMERIC_SHARE or time_hint(h))]
    for h in candidates:
        if h in cols.used or h is None:
            continue
        fmt = detect_time(h, stats[h].values, hinted=bool(shaped and h == shaped.period_column))
        if fmt:
            return h, fmt
    return None, None


def _time(cols: Columns, headers: list[str], stats: dict[str, Stats],
          shaped: Reshape | None) -> None:
    """`period`, `year` and `month` from the time column (and a separate month column)."""
    time_col, fmt = _find_time(cols, headers, stats, shaped)
    month_col = next((h for h in headers if h not in cols.used and h != time_col
                      and month_sql(h, stats[h].values)), None)
    if not (fmt and time_col):
        return
    t = f"nullif(trim({_x(time_col)}), '')"
    label = fmt.label.replace("{x}", t)
    year = fmt.year.replace("{x}", t)
    month = (month_sql(month_col, stats[month_col].values) or "").replace(
        "{x}", f"trim({_x(month_col)})") if month_col else ""
    if month_col and not fmt.month:
        label = f"(CAST({year} AS VARCHAR) || '-' || lpad(CAST({month} AS VARCHAR), 2, '0'))"
        cols.grain = "month"
    else:
        cols.grain = fmt.grain
    cols.add(label, "period", kind="period", source=[time_col],
             description=f"Period as a label ({cols.grain})")
    cols.add(year, "year", kind="time", source=[time_col],
             description="First calendar year of the period")
    cols.year = year
    if fmt.month:
        cols.add(fmt.month.replace("{x}", t), "month", kind="month", source=[time_col],
                 description="Month (1-12)")
    elif month_col:
        cols.add(month, "month", kind="month", source=[month_col], description="Month (1-12)")
    cols.used.add(time_col)
    if month_col:
        cols.used.add(month_col)
    cols.notes += fmt.notes


# --------------------------------------------------------------------------- the rest


def _aux(header: str) -> bool:
    return bool(tokens(header) & AUX_WORDS) or bool(re.search(r"^(l|u)ci_?\d*$", snake(header)))


def _text_and_numbers(cols: Columns, headers: list[str], stats: dict[str, Stats],
                      shaped: Reshape | None) -> None:
    """Text columns stay text (indicators first); numeric columns become DOUBLE measures,
    the single value column of a long file named `value`."""
    numbers = [h for h in headers if h not in cols.used and stats[h].nonnull
               and stats[h].numeric >= NUMERIC_SHARE]
    texts = [h for h in headers if h not in cols.used and h not in numbers]
    indicators = [h for h in texts if snake(h) in INDICATOR_NAMES]
    value_like = [h for h in numbers if snake(h) in VALUE_NAMES or h == "value_raw"]
    long_value = value_like[0] if value_like else (
        numbers[0] if indicators and len([n for n in numbers if not _aux(n)]) == 1 else None)
    for h in indicators + [t for t in texts if t not in indicators]:
        if not stats[h].nonnull:
            continue
        cols.add(clean_text(_x(h)), snake(h), source=[h], description=humanise(h))
    for h in numbers:
        label, unit = split_unit(h)
        if shaped and h in shaped.value_columns:
            label = shaped.value_columns[h]
            unit = shaped.units.get(h, unit)
        name = "value" if h == long_value else snake(label)
        cols.add(number_sql(_x(h)), name, kind="number", unit=unit, source=[h],
                 description=humanise(label) if label == h or len(label) < 40 else label)
