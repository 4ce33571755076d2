"""Wide files made long: one column per year, per year-suffixed stem, or per place.

Each reshape is a SELECT over `src` (UNPIVOT or UNION ALL) whose result is shaped like any
long file; the notes say what was unpivoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

from indexing.loading import quote_ident
from indexing.tidy_places import norm
from indexing.tidy_stats import NUMERIC_SHARE, Stats
from indexing.tidy_text import humanise, snake, split_unit, unique_name
from indexing.tidy_time import detect_time, is_year_header, time_hint

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
    """The reshape a wide file needs, or None when it is long already (or has a time
    column, so its year-like headers are not periods)."""
    numeric = {h for h, s in stats.items() if s.numeric >= NUMERIC_SHARE and s.nonnull}
    has_time = any(detect_time(h, stats[h].values) for h in headers if h not in numeric
                   or time_hint(h))
    year_cols = [h for h in headers if is_year_header(h) and h in numeric | {
        k for k, s in stats.items() if not s.nonnull}]
    if len(year_cols) >= 2 and not has_time:
        return _unpivoted("wide_years", _unpivot(headers, year_cols, "period_raw"),
                          f"{len(year_cols)} year columns unpivoted to period and value",
                          value_label, period_column="period_raw")
    stems = {} if has_time else _stems(headers, numeric, context)
    if stems:
        return _wide_stems(headers, stems)
    place_cols = [h for h in headers if h in numeric and norm(h) in keys]
    if len(place_cols) >= 2 and len(place_cols) >= 0.5 * len(numeric):
        return _unpivoted("wide_places", _unpivot(headers, place_cols, "area_raw"),
                          f"{len(place_cols)} place columns unpivoted to area and value",
                          value_label, place_column="area_raw")
    return None


def _unpivot(headers: list[str], columns: list[str], name: str) -> str:
    """UNPIVOT `columns` of src into `name` (their header) and value_raw."""
    ids = [h for h in headers if h not in columns]
    on = ", ".join(quote_ident(h) for h in columns)
    select = ", ".join(quote_ident(h) for h in ids)
    label = f"trim({name}) AS {name}" if name == "period_raw" else name
    return (f"SELECT {select + ', ' if ids else ''}{label}, value_raw "
            f"FROM (UNPIVOT src ON {on} INTO NAME {name} VALUE value_raw)")


def _unpivoted(shape: str, sql: str, note: str, value_label: str, *,
               period_column: str | None = None, place_column: str | None = None) -> Reshape:
    """An UNPIVOT into one value column, labelled (and its unit read) from the file's title."""
    _, unit = split_unit(value_label)
    return Reshape(shape, sql, [note], {"value_raw": value_label}, units={"value_raw": unit},
                   period_column=period_column, place_column=place_column)


def _wide_stems(headers: list[str], stems: dict[str, dict[int, str]]) -> Reshape:
    """One SELECT per year, UNION ALL: a column per stem, NULL where a year is missing."""
    years = sorted({y for ys in stems.values() for y in ys})
    used = {h for ys in stems.values() for h in ys.values()}
    ids = [h for h in headers if h not in used]
    names: dict[str, str] = {}
    taken = {snake(h) for h in ids}
    for stem in stems:
        names[stem] = unique_name(snake(stem), taken)
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
