"""Renders a `Plan` to DuckDB SQL with sqlglot's builder, never by pasting strings together."""

from __future__ import annotations

from typing import cast

import sqlglot
from sqlglot import exp

from assistant.geography import ENGLAND, Place
from assistant.plan import Plan

VALUE = "value"
MEASURE = "measure"
ENGLAND_ALIAS = "england"
ENGLAND_PLACE = Place(code=ENGLAND, name="England", level="country")


def _col(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def _in(column: str, values: list[str] | list[int]) -> exp.Expression:
    literals = [exp.Literal.number(v) if isinstance(v, int) else exp.Literal.string(v)
                for v in values]
    return exp.In(this=_col(column), expressions=literals)


def _places_subquery(column: str, condition: exp.Expression) -> exp.Expression:
    sub = exp.select("code").from_("places").where(condition)
    return exp.In(this=_col(column), query=exp.Subquery(this=sub))


def _value_expression(plan: Plan) -> exp.Expression:
    m = plan.measure
    if m.column is None:
        return exp.Count(this=exp.Star())
    value: exp.Expression = _col(m.column)
    # months are added up (or averaged) into years unless the question asks for each month
    monthly = m.month_column is not None and not (plan.reading.by_period
                                                  and plan.intent == "trend")
    aggregate = plan.reading.aggregate if plan.intent == "aggregate" else None
    if monthly or aggregate or plan.summed:
        fn = aggregate or ("sum" if m.additive else "avg")
        functions: dict[str, type[exp.Func]] = {"sum": exp.Sum, "avg": exp.Avg,
                                                 "median": exp.Median}
        return cast(exp.Expression, functions[fn](this=value))
    return value


def _within(plan: Plan) -> exp.Expression:
    """Areas inside a region, combined authority, county or nation (by the places table)."""
    assert plan.within is not None
    if plan.within.level == "country":
        return exp.column("nation").eq(exp.Literal.string(plan.within.name))
    key = {"region": "region_code", "combined_authority": "ca_code",
           "county": "county_code"}.get(plan.within.level, "region_code")
    return exp.column(key).eq(exp.Literal.string(plan.within.code))


def _conditions(plan: Plan) -> list[exp.Expression]:
    m = plan.measure
    conds: list[exp.Expression] = [_col(k).eq(exp.Literal.string(v)) for k, v in
                                   plan.filters.items()]
    conds += [_in(k, v) for k, v in plan.group_values.items()]
    if m.geo_column and plan.places:
        conds.append(_in(m.geo_column, [p.code for p in plan.places]))
    if m.geo_column and plan.within:
        conds.append(_places_subquery(m.geo_column, _within(plan)))
    if m.geo_column and plan.levels:
        conds.append(_places_subquery(m.geo_column, _in("level", plan.levels)))
    if m.time_column and plan.years:
        conds.append(_in(m.time_column, plan.years))
    if plan.period_labels:
        conds.append(_in(m.period_column or m.time_column or "period", plan.period_labels))
    if m.column is not None:
        conds.append(exp.Not(this=exp.Is(this=_col(m.column), expression=exp.Null())))
    return conds


def _selection(plan: Plan) -> list[tuple[exp.Expression, str]]:
    m = plan.measure
    columns: list[tuple[exp.Expression, str]] = []
    by_area = m.geo_column and plan.intent != "aggregate"
    if by_area and m.geo_column:
        columns.append((_col(m.geo_column), "area_code"))
        columns.append((_col(m.area_name_column or m.geo_column), "area"))
    elif m.area_name_column and not m.geo_column and plan.intent != "aggregate":
        columns.append((_col(m.area_name_column), "area"))
    if m.time_column and not (plan.intent == "aggregate" and plan.reading.over_years):
        columns.append((_col(m.period_column or m.time_column), "period"))
    columns += [(_col(b), b) for b in plan.breakdowns]
    return columns


def _render_change(plan: Plan) -> str:
    """Areas ranked by the change between the first and last year of the plan."""
    m = plan.measure
    first, last = plan.years[0], plan.years[-1]
    assert m.column and m.geo_column and m.time_column

    def at(year: int) -> exp.Expression:
        pick = exp.If(this=_col(m.time_column or "year").eq(exp.Literal.number(year)),
                      true=_col(m.column or VALUE))
        return exp.Max(this=exp.Case(ifs=[pick]))

    change = exp.Sub(this=at(last), expression=at(first))
    keys: list[tuple[exp.Expression, str]] = [
        (_col(m.geo_column), "area_code"), (_col(m.area_name_column or m.geo_column), "area")]
    select = exp.select(*[k.as_(a, quoted=True) for k, a in keys],
                        at(first).as_(str(first), quoted=True),
                        at(last).as_(str(last), quoted=True),
                        change.as_(VALUE, quoted=True)).from_(exp.to_table(m.table, quoted=True))
    for cond in _conditions(plan):
        select = select.where(cond)
    select = select.group_by(*[k for k, _ in keys]).having(
        exp.Not(this=exp.Is(this=change, expression=exp.Null())))
    return select.order_by(*_ordering(plan, keys)).limit(plan.limit or 10).sql(dialect="duckdb")


def _select(plan: Plan) -> tuple[exp.Select, list[tuple[exp.Expression, str]]]:
    """The query for one measure, before ordering and limits."""
    m = plan.measure
    keys = _selection(plan)
    value = _value_expression(plan)
    grouped = isinstance(value, exp.AggFunc)
    if m.time_column and grouped and m.period_column and not plan.reading.over_years:
        # period labels map 1:1 to years, so group by the label and sort by the year
        keys = [(k, a) for k, a in keys if a != "period"] + [(_col(m.time_column), "year")]
    extra = []
    if plan.intent == "aggregate" and m.geo_column:
        areas = exp.Count(this=exp.Distinct(expressions=[_col(m.geo_column)]))
        extra.append(areas.as_("areas", quoted=True))
    select = exp.select(*[k.as_(a, quoted=True) for k, a in keys], *extra,
                        value.as_(VALUE, quoted=True)).from_(exp.to_table(m.table, quoted=True))
    for cond in _conditions(plan):
        select = select.where(cond)
    if grouped and keys:
        select = select.group_by(*[k for k, _ in keys])
    elif not grouped and not m.geo_column:
        select = select.distinct()  # a charity in several published lists is one answer
    bound = _bound(plan, value)
    if bound is not None:
        if plan.reading.benchmark:
            select = select.select(bound.as_(ENGLAND_ALIAS, quoted=True))
        op = {">": exp.GT, ">=": exp.GTE, "<": exp.LT, "<=": exp.LTE}[plan.comparison]
        target = value if grouped else _col(m.column or VALUE)
        limit = op(this=target, expression=bound)
        select = select.having(limit) if grouped else select.where(limit)
    return select, keys


def _bound(plan: Plan, value: exp.Expression) -> exp.Expression | None:
    """A filter's threshold: the number asked, or England's own figure for the same rows."""
    r = plan.reading
    if r.benchmark and plan.measure.geo_column:
        england = plan.model_copy(update={"places": [ENGLAND_PLACE], "within": None,
                                          "levels": []})
        sub = exp.select(value).from_(exp.to_table(plan.measure.table, quoted=True))
        for cond in _conditions(england):
            sub = sub.where(cond)
        return exp.Subquery(this=sub.limit(1))
    if r.threshold is not None and r.threshold_op:
        return exp.Literal.number(r.threshold)
    return None


def _side_by_side(plan: Plan) -> str:
    """'Were more companies set up or shut down?': one labelled query per measure, stacked."""
    parts = []
    for m in [plan.measure, *plan.also]:
        select, keys = _select(plan.model_copy(update={"measure": m, "also": []}))
        if m.time_column and "year" not in {a for _, a in keys}:  # 'Q4 2023' before 'Q1 2024'
            select = select.select(_col(m.time_column).as_("year", quoted=True))
        parts.append(select.select(exp.Literal.string(m.label).as_(MEASURE, quoted=True)))
    stacked = exp.union(*parts, distinct=False)
    aliases = [MEASURE, *(a for _, a in keys if a != "area_code")]
    if plan.measure.time_column and "year" not in aliases:
        aliases.insert(aliases.index("period") if "period" in aliases else 1, "year")
    order = [exp.column(a, quoted=True) for a in aliases]
    return stacked.order_by(*order).limit(plan.limit or 1000).sql(dialect="duckdb")


def render_sql(plan: Plan) -> str:
    m = plan.measure
    if plan.reading.change and m.column and m.geo_column and m.time_column:
        return _render_change(plan)
    if plan.also:
        return _side_by_side(plan)
    select, keys = _select(plan)
    select = select.order_by(*_ordering(plan, keys))
    if plan.limit:
        select = select.limit(plan.limit)
    return select.sql(dialect="duckdb")


def _ordering(plan: Plan, keys: list[tuple[exp.Expression, str]]) -> list[exp.Expression]:
    aliases = [a for _, a in keys]
    value = exp.column(VALUE, quoted=True)
    if plan.order:
        return [exp.Ordered(this=value, desc=plan.order == "desc", nulls_first=False)]
    order: list[exp.Expression] = []
    time_alias = "year" if "year" in aliases else "period" if "period" in aliases else None
    if plan.intent == "trend" and time_alias:
        if time_alias == "period" and plan.measure.time_column:
            order.append(_col(plan.measure.time_column))  # 'Q4 2023' before 'Q1 2024'
        order.append(exp.column(time_alias, quoted=True))
    order += [exp.column(a, quoted=True) for a in aliases if a not in {"area_code"}]
    return order or [value]


def pretty(sql: str) -> str:
    return sqlglot.transpile(sql, read="duckdb", write="duckdb", pretty=True)[0]
