"""Infers the semantic layer of a table from its profile, then applies catalogue refinements.

Works on tables it has never seen: roles come from column names and profiled values (ONS
codes, year ranges, cardinality); the catalogue can only name, describe and correct them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import duckdb

from assistant.semantic import Dimension, Measure, PeriodInfo
from indexing.catalogue import ColumnSpec, DatasetSpec, MeasureSpec
from indexing.loading import quote_ident
from indexing.profiling import ColumnProfile, TableProfile

GSS = re.compile(r"^[EWSNK]\d{8}$")
GEO_NAMES = {"area_code", "areacd", "gss_code", "code", "lad_code", "la_code", "geography_code"}
AREA_NAMES = {"area_name", "areanm", "name", "la_name", "local_authority_name", "region"}
YEAR_NAMES = {"year", "yr", "calendar_year"}
PERIOD_NAMES = {"period", "time_period", "financial_year", "academic_year"}
INDICATOR_NAMES = {"indicator", "measure", "metric", "variable", "indicator_name", "series"}
ATTRIBUTE_NAMES = {"area_type", "geography", "unit", "notes", "status", "source_url", "units",
                   "note", "notes_1", "footnote", "footnotes", "source", "flag", "marker",
                   "quality", "comment", "comments", "unit_of_measure"}
UNIT_COLUMNS = ("unit", "units", "unit_of_measure", "measure", "measure_type", "unit_measure")
TOTAL_VALUE = re.compile(r"^(all\b|total\b|persons$|all persons|all ages|both|overall)", re.I)
# Word hints for the unit of a measure, read from its column name or label (first match wins).
UNIT_HINTS = (
    ("per_100k", "per 100,000"), ("per_100000", "per 100,000"), ("per_100_000", "per 100,000"),
    ("per_1000", "per 1,000"), ("pct", "%"), ("percent", "%"), ("percentage", "%"),
    ("proportion", "%"), ("coverage", "%"), ("uptake", "%"), ("prevalence", "%"),
    ("kwh", "kWh"), ("gwh", "GWh"), ("_kt", "kt CO2"), ("ktco2", "kt CO2"),
    ("tco2e", "tonnes CO2e"), ("tonnes", "tonnes"), ("gbp", "£"), ("pounds", "£"),
    ("price", "£"), ("pence", "pence"), ("degc", "°C"), ("celsius", "°C"),
    ("temperature", "°C"), ("rain_mm", "mm"), ("_mm", "mm"), ("hours", "hours"),
    ("days", "days"), ("hectares", "hectares"), ("millions", "million"),
    ("billions", "billion"), ("population", "people"), ("residents", "people"),
    ("people", "people"), ("persons", "people"), ("households", "households"),
    ("births", "births"), ("deaths", "deaths"),
)
SHARE_UNITS = {"%"}
RATE_UNITS = {"per 100,000", "per 1,000"}
COUNT_UNITS = {"people", "households", "births", "deaths", "enterprises", "businesses",
               "establishments", "pupils", "children", "number"}
COUNT_WORDS = {"number", "count", "total", "population", "households", "people", "births",
               "deaths", "residents", "enterprises", "incorporations", "dissolutions", "cases",
               "admissions", "establishments", "pupils", "children", "persons"}
MEAN_WORDS = {"mean", "average", "avg", "median", "per", "rate", "ratio", "index", "score",
              "expectancy", "rank", "pct", "percent", "percentage", "share", "proportion"}
# Numeric columns that describe a value rather than measure something: bounds, flags, ids.
AUX_TOKENS = {"lci", "uci", "lowerci", "upperci", "lower", "upper", "ci", "confidence",
              "se", "stderr", "flag", "flagged", "estimated", "provisional", "revised",
              "rank", "ranking", "ranked", "id", "code", "ref", "urn", "ukprn", "lat",
              "latitude", "lon", "lng", "longitude", "easting", "northing", "decile",
              "quintile", "order"}
AUX_NAME = re.compile(r"^(l|u)ci(_?\d+)?$|_(lci|uci)(_?\d+)?$|^(lower|upper)_?(ci|cl|bound)")


def _slug(text: str) -> str:
    """Readable, unique ids: long names keep a prefix plus a short digest of the whole."""
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "value"
    if len(slug) <= 60:
        return slug
    return slug[:50].rstrip("_") + "_" + hashlib.sha256(slug.encode()).hexdigest()[:8]


def _label(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


def _tokens(name: str) -> set[str]:
    return set(re.split(r"[^a-z0-9]+", name.lower())) - {""}


def _is_aux(column: ColumnProfile, rows: int) -> bool:
    """A numeric column that qualifies another (confidence bounds, estimated-flags, ranks,
    identifiers, coordinates) rather than being a measure of its own."""
    name = column.name.lower()
    tokens = _tokens(name)
    if AUX_NAME.search(name) or tokens & AUX_TOKENS:
        return True
    ends = name.rsplit("_", 1)[-1]
    # 'reg_charity_number': one value per row, an identifier
    return ends in {"no", "number", "num"} and "of" not in tokens and column.distinct >= 0.9 * rows


def infer_role(column: ColumnProfile, spec: ColumnSpec | None, rows: int) -> str:
    """Role of a column: curated if given, else from its name and values."""
    name = column.name.lower()
    if spec and spec.role:
        # a second time column named 'month' is the grain below the year
        return "month" if spec.role == "time" and name == "month" else spec.role
    values = column.value_list
    coded = sum(bool(GSS.match(v)) for v in values)
    if name in GEO_NAMES or (values and coded > 0.8 * len(values)):
        return "geography"
    if name in YEAR_NAMES and column.numeric:
        return "time"
    if name == "month" and column.numeric:
        return "month"
    if name in PERIOD_NAMES:
        return "period"
    if name in AREA_NAMES:
        return "area_name"
    if name in ATTRIBUTE_NAMES:
        return "attribute"
    if column.numeric:
        return "attribute" if _is_aux(column, rows) else "measure"
    if column.distinct <= 1 and name not in {"indicator", "indicator_name", "series", "metric",
                                             "variable"}:
        return "attribute"  # one value throughout: it describes the table, it is no breakdown
    if column.values and column.distinct <= max(50, rows // 4):
        return "dimension"
    return "attribute"


def _roles(spec: DatasetSpec, profile: TableProfile,
           con: duckdb.DuckDBPyConnection | None = None) -> dict[str, str]:
    roles = {c.name: infer_role(c, spec.column(c.name), profile.rows) for c in profile.columns}
    if con is not None:
        _area_attributes(con, spec, profile, roles)
    return roles


def _area_attributes(con: duckdb.DuckDBPyConnection, spec: DatasetSpec, profile: TableProfile,
                     roles: dict[str, str]) -> None:
    """An inferred breakdown with one value per area (its region, its county) describes the
    area; it is no breakdown of the measure, so it becomes an attribute."""
    geo = _first(roles, "geography")
    geo_profile = profile.column(geo) if geo else None
    if geo is None or geo_profile is None or geo_profile.distinct < 3:
        return
    for column in profile.columns:
        curated = spec.column(column.name)
        if roles[column.name] != "dimension" or (curated and curated.role):
            continue
        if column.name.lower() in INDICATOR_NAMES or column.distinct >= geo_profile.distinct:
            continue
        row = con.execute(
            f"SELECT count(*) FROM (SELECT {quote_ident(geo)} FROM {quote_ident(spec.id)} "
            f"GROUP BY 1 HAVING count(DISTINCT {quote_ident(column.name)}) > 1)"
        ).fetchone()
        if row is not None and row[0] == 0:
            roles[column.name] = "attribute"


def _first(roles: dict[str, str], role: str) -> str | None:
    return next((name for name, r in roles.items() if r == role), None)


def _indicator_columns(spec: DatasetSpec, roles: dict[str, str]) -> list[str]:
    curated = {k for m in spec.measures for k in m.filters}
    named = {n for n, r in roles.items() if r == "dimension" and n.lower() in INDICATOR_NAMES}
    return [n for n in roles if n in curated | named]


def _dimension(profile: ColumnProfile, spec: ColumnSpec | None) -> Dimension:
    values = profile.value_list
    default = next((v for v in values if TOTAL_VALUE.match(v)), None)
    additive = spec.additive if spec and spec.additive is not None else True
    return Dimension(column=profile.name, label=_label(profile.name), values=values,
                     default=default, additive=additive,
                     synonyms=spec.value_synonyms if spec else {})


def _match_refinement(spec: DatasetSpec, column: str | None, filters: dict[str, str],
                      combinations: Sequence[dict[str, str]] = ()) -> MeasureSpec | None:
    for m in spec.measures:
        if m.column == column and m.filters == filters:
            return m
    for m in spec.measures:  # a refinement may leave out the column in one-value tables
        if m.column is None and column is not None and m.filters == filters and filters:
            return m
    for m in spec.measures:  # {measure_code: ASC5} names the one indicator it picks out
        if m.column == column and m.filters and m.filters.items() <= filters.items():
            if sum(m.filters.items() <= c.items() for c in combinations) == 1:
                return m
            # {measure: Number} over several age groups: what it says of all of them (unit,
            # kind, polarity, additivity), not the name, words or synonyms of any one of them
            return m.model_copy(update={"id": None, "label": None, "description": None,
                                        "synonyms": []})
    return None


def unit_hint(text: str) -> str | None:
    """The unit a column name or label suggests ('fuel_poor_pct' → '%'), if any."""
    lowered = "_" + re.sub(r"[^a-z0-9%]+", "_", text.lower()).strip("_") + "_"
    if "%" in lowered:
        return "%"
    return next((unit for hint, unit in UNIT_HINTS if f"_{hint.strip('_')}_" in lowered), None)


def normalise_unit(text: str | None) -> str | None:
    """Units as publishers write them → the forms answers use ('Percentage' → '%')."""
    if text is None or not str(text).strip():
        return None
    raw = " ".join(str(text).split())
    low = raw.lower()
    if low in {"%", "percent", "percentage", "per cent", "pct", "percentage (%)"}:
        return "%"
    if re.search(r"per\s*100,?000|per 100k", low):
        return "per 100,000"
    if low in {"£", "gbp", "pounds", "£s", "pounds sterling"}:
        return "£"
    if low in {"yrs", "years", "year"}:
        return "years"
    if low in {"degc", "°c", "deg c", "celsius", "degrees celsius"}:
        return "°C"
    if m := re.match(r"^number of (.+)$", low):
        return m.group(1)
    return raw


def _unit_guess(spec: DatasetSpec, column: str | None) -> str | None:
    col = spec.column(column) if column else None
    if col and col.unit:
        return col.unit
    return unit_hint(column or "")


def _unit_from_column(con: duckdb.DuckDBPyConnection, table: str, roles: dict[str, str],
                      filters: dict[str, str]) -> str | None:
    """A long table's unit (or measure-type) column, when it holds one value per measure."""
    where, params = _where(filters)
    for name in UNIT_COLUMNS:
        column = next((c for c, r in roles.items() if c.lower() == name and r == "attribute"),
                      None)
        if column is None:
            continue
        rows = con.execute(
            f"SELECT DISTINCT CAST({quote_ident(column)} AS VARCHAR) FROM {quote_ident(table)} "
            f"WHERE {where} AND {quote_ident(column)} IS NOT NULL LIMIT 2", params
        ).fetchall()
        if len(rows) == 1:
            return normalise_unit(str(rows[0][0]))
    return None


def infer_kind(unit: str | None, label: str) -> str:
    """percentage | rate | count | currency | rank | mean | other, from the unit and words."""
    words = _tokens(label)
    if unit in SHARE_UNITS:
        return "percentage"
    if unit in RATE_UNITS or "rate" in words:
        return "rate"
    if unit == "£" or "gbp" in words:
        return "currency"
    if "rank" in words or unit == "rank":
        return "rank"
    if words & MEAN_WORDS:
        return "mean"
    if unit in COUNT_UNITS or words & COUNT_WORDS:
        return "count"
    return "other"


def _where(filters: dict[str, str]) -> tuple[str, list[str]]:
    if not filters:
        return "TRUE", []
    clause = " AND ".join(f"CAST({quote_ident(k)} AS VARCHAR) = ?" for k in filters)
    return clause, list(filters.values())


def _periods(con: duckdb.DuckDBPyConnection, table: str, measure: Measure) -> list[PeriodInfo]:
    if not measure.time_column:
        return []
    where, params = _where(measure.filters)
    label = quote_ident(measure.period_column or measure.time_column)
    year = quote_ident(measure.time_column)
    value = f"AND {quote_ident(measure.column)} IS NOT NULL" if measure.column else ""
    rows = con.execute(
        f"SELECT DISTINCT {year}, CAST({label} AS VARCHAR) FROM {quote_ident(table)} "
        f"WHERE {where} {value} AND {year} IS NOT NULL ORDER BY 1, 2",
        params,
    ).fetchall()
    return [PeriodInfo(year=int(y), label=str(lab)) for y, lab in rows]


def _geo_levels(con: duckdb.DuckDBPyConnection, table: str, measure: Measure
                ) -> tuple[list[str], int]:
    if not measure.geo_column:
        return [], 0
    where, params = _where(measure.filters)
    has_places = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'places'"
    ).fetchone()
    geo = quote_ident(measure.geo_column)
    count_row = con.execute(
        f"SELECT count(DISTINCT {geo}) FROM {quote_ident(table)} WHERE {where}", params
    ).fetchone()
    count = int(count_row[0]) if count_row else 0
    if not has_places or not has_places[0] or table == "places":
        return [], count
    rows = con.execute(
        f"SELECT DISTINCT p.level FROM (SELECT DISTINCT {geo} AS c FROM {quote_ident(table)} "
        f"WHERE {where}) t JOIN places p ON t.c = p.code ORDER BY 1",
        params,
    ).fetchall()
    return [str(r[0]) for r in rows], count


def _measure_combinations(
    con: duckdb.DuckDBPyConnection, table: str, indicator_cols: list[str]
) -> list[dict[str, str]]:
    if not indicator_cols:
        return [{}]
    cols = ", ".join(f"CAST({quote_ident(c)} AS VARCHAR)" for c in indicator_cols)
    rows = con.execute(
        f"SELECT DISTINCT {cols} FROM {quote_ident(table)} ORDER BY ALL"
    ).fetchall()
    return [dict(zip(indicator_cols, map(str, r), strict=True)) for r in rows if None not in r]


def _build_measure(spec: DatasetSpec, roles: dict[str, str], column: str | None,
                   filters: dict[str, str], dims: list[Dimension], multi: bool,
                   unit_column: str | None = None,
                   combinations: Sequence[dict[str, str]] = ()) -> Measure:
    ref = _match_refinement(spec, column, filters, combinations)
    col_spec = spec.column(column) if column else None
    col_label = (col_spec.description if col_spec else "") or _label(column or "rows")
    default_label = " — ".join(filters.values()) or col_label
    added = spec.origin == "added"
    if added and filters and multi and column:  # tell apart the columns of one indicator
        default_label += f" — {col_label}"
    label = (ref.label if ref and ref.label else None) or default_label or _label(column or "rows")
    parts = [*filters.values()] + ([column or "count"] if multi or not filters else [])
    suffix = _slug("_".join(parts))
    unit = ((ref.unit if ref else None) or _unit_guess(spec, column) or unit_column
            or (unit_hint(label) if ref is None else None))
    kind = (ref.kind if ref and ref.kind else "count" if column is None
            else infer_kind(unit, f"{label} {column}"))
    # counts add up across areas and breakdowns; a curated entry says so itself
    additive = (bool(ref.additive) if ref and ref.additive is not None
                else column is None or (added and kind == "count" and unit not in SHARE_UNITS))
    return Measure(
        id=(ref.id if ref and ref.id else f"{spec.id}.{suffix}"),
        dataset_id=spec.id, table=spec.id, column=column, filters=filters, label=label,
        description=(ref.description if ref and ref.description else "")
        or (col_spec.description if col_spec else "") or spec.description[:300],
        unit=unit, kind=kind,
        polarity=(ref.polarity if ref and ref.polarity else "neutral"),
        additive=additive,
        synonyms=[*(ref.synonyms if ref else []), *_value_synonyms(spec, filters)],
        geo_column=_first(roles, "geography"), area_name_column=_first(roles, "area_name"),
        time_column=_first(roles, "time"), period_column=_first(roles, "period"),
        month_column=_first(roles, "month"), dimensions=dims,
    )


def _value_synonyms(spec: DatasetSpec, filters: dict[str, str]) -> list[str]:
    """Everyday names of the values a measure is fixed to ('homes' for sector 'Domestic')."""
    return [name for column, value in filters.items() if (col := spec.column(column))
            for name in col.value_synonyms.get(value, [])]


def _narrow_dimensions(con: duckdb.DuckDBPyConnection, table: str, filters: dict[str, str],
                       dims: list[Dimension]) -> list[Dimension]:
    """One indicator of a long table may be published only for '17+ yrs': keep the values
    it has, so the planner never filters on a total this indicator lacks."""
    if not filters:
        return dims
    where, params = _where(filters)
    narrowed = []
    for dim in dims:
        rows = con.execute(f"SELECT DISTINCT CAST({quote_ident(dim.column)} AS VARCHAR) FROM "
                           f"{quote_ident(table)} WHERE {where}", params).fetchall()
        present = {r[0] for r in rows if r[0] is not None}
        values = [v for v in dim.values if v in present]
        default = dim.default if dim.default in present else None
        if default is None and len(values) == 1:
            default = values[0]  # published for one group only: that group is the figure
        narrowed.append(dim.model_copy(update={"values": values, "default": default}))
    return narrowed


def infer_measures(
    con: duckdb.DuckDBPyConnection, spec: DatasetSpec, profile: TableProfile
) -> list[Measure]:
    """Every askable measure of one table, with periods and geography levels filled in."""
    roles = _roles(spec, profile, con)
    indicators = _indicator_columns(spec, roles)
    dims = [_dimension(c, spec.column(c.name)) for c in profile.columns
            if roles[c.name] == "dimension" and c.name not in indicators and c.values]
    value_columns: list[str | None] = [n for n, r in roles.items() if r == "measure"]
    if any(m.column is None and m.kind == "count" for m in spec.measures):
        value_columns.append(None)
    measures = []
    combinations = _measure_combinations(con, spec.id, indicators)
    for filters in combinations:
        narrowed = _narrow_dimensions(con, spec.id, filters, dims)
        for column in value_columns:
            measure = _build_measure(spec, roles, column, filters, narrowed,
                                     multi=len(value_columns) > 1,
                                     unit_column=_unit_from_column(con, spec.id, roles, filters),
                                     combinations=combinations)
            measure.periods = _periods(con, spec.id, measure)
            measure.geo_levels, measure.area_count = _geo_levels(con, spec.id, measure)
            measures.append(measure)
    return measures
