"""Composes the answer: the sentence, the headline value, the chart spec, caveats and
citations — all from the result rows and the catalogue, nothing invented.
"""

from __future__ import annotations

from assistant.formatting import listing, lower_first, number
from assistant.models import (
    Answer,
    ChartSpec,
    DatasetCitation,
    DatasetHit,
    Result,
    Scalar,
    Table,
)
from assistant.plan import Discovery, NeedsClarification, NoAnswer, Plan
from assistant.semantic import DatasetInfo


def citation(info: DatasetInfo) -> DatasetCitation:
    return DatasetCitation(id=info.id, title=info.title, publisher=info.publisher,
                           licence=info.licence, url=info.source_url, updated=info.updated)


def _cell(row: list[Scalar], columns: list[str], name: str) -> Scalar:
    return row[columns.index(name)] if name in columns else None


def _label(row: list[Scalar], columns: list[str]) -> str:
    parts = [str(_cell(row, columns, c)) for c in ("area", "period") if c in columns]
    extra = [str(row[i]) for i, c in enumerate(columns)
             if c not in {"area", "area_code", "period", "year", "value", "england"}]
    return " ".join(parts[:1] + extra + parts[1:]) or "All"


def _piece(label: str, value: str) -> str:
    return value if label in {"", "All"} else f"{label}: {value}"


def _in_asked_order(plan: Plan, result: Result) -> Result:
    """Rows of named places in the order the question named them."""
    if "area_code" not in result.columns or not plan.places:
        return result
    order = {p.code: i for i, p in enumerate(plan.places)}
    i = result.columns.index("area_code")
    rows = sorted(result.rows, key=lambda r: order.get(str(r[i]), len(order)))
    return result.model_copy(update={"rows": rows})


def _difference(plan: Plan, result: Result) -> str:
    """'Leeds is 2.6 percentage points higher than England.' for two-place comparisons."""
    cols, rows, unit = result.columns, result.rows, plan.measure.unit
    if len(rows) != 2 or "area" not in cols or _cell(rows[0], cols, "area") == _cell(
            rows[1], cols, "area"):
        return ""
    (a, b) = (_cell(r, cols, "value") for r in rows)
    if not isinstance(a, int | float) or not isinstance(b, int | float) or a == b:
        return ""
    gap = abs(a - b)
    size = f"{gap:,.1f} percentage points" if unit == "%" else number(gap, unit)
    side = "higher" if a > b else "lower"
    return f" {_cell(rows[0], cols, 'area')} is {size} {side} than {_cell(rows[1], cols, 'area')}."


def _sentence(plan: Plan, result: Result) -> tuple[str, Scalar]:
    m, cols, rows = plan.measure, result.columns, result.rows
    unit = m.unit
    if not rows:
        return f"There are no figures for {lower_first(m.label)} matching this question.", None
    if plan.reading.change:
        return _change_sentence(plan, result), _cell(rows[0], cols, "value")
    if plan.intent in {"rank", "filter"}:
        top = [f"{_label(r, cols)} ({number(_cell(r, cols, 'value'), unit)})" for r in rows[:5]]
        head = "Highest" if plan.order == "desc" else "Lowest"
        lead = f"{head} {lower_first(m.label)}" if plan.intent == "rank" else \
            _filter_lead(plan, result)
        headline = len(rows) if plan.reading.count else _cell(rows[0], cols, "value")
        return f"{lead}: {listing(top)}.", headline
    if plan.intent == "trend":
        return _trend_sentence(plan, result), _cell(rows[-1], cols, "value")
    if plan.intent == "aggregate":
        return _aggregate_sentence(plan, result), _cell(rows[0], cols, "value")
    time = "period" if "period" in cols else "year"
    periods = {_cell(r, cols, time) for r in rows}
    shared = len(periods) == 1 and time in cols
    period = str(periods.pop()) if shared else ""
    repeated = m.label.endswith((f", {period}", f" {period}"))
    label = " and ".join([m.label, *(lower_first(o.label) for o in plan.also)]) \
        + _named_breakdowns(plan)
    lead = f"{label}, {period}" if shared and not repeated else label
    shown = [c for c in cols if not (shared and c == time)]
    pieces = [_piece(_label([r[cols.index(c)] for c in shown], shown),
                     number(_cell(r, cols, "value"), unit)) for r in rows[:6]]
    more = f" (and {len(rows) - 6} more rows in the table)" if len(rows) > 6 else ""
    text = f"{lead} — {'; '.join(pieces)}{more}."
    return text + _difference(plan, result), _cell(rows[0], cols, "value")


def _filter_lead(plan: Plan, result: Result) -> str:
    """'6 areas match.' or '6 areas are above England (7.7%).'"""
    m, n = plan.measure, len(result.rows)
    areas = "1 area" if n == 1 else f"{n} areas"
    england = _cell(result.rows[0], result.columns, "england")
    if not plan.reading.benchmark or not isinstance(england, int | float):
        return f"{areas} {'matches' if n == 1 else 'match'}. {m.label}"
    side = "above" if plan.comparison.startswith(">") else "below"
    verb = "is" if n == 1 else "are"
    return f"{areas} {verb} {side} England ({number(england, m.unit)}). {m.label}"


def _named_breakdowns(plan: Plan) -> str:
    """' (FSM)', ' (THE SCOUT ASSOCIATION)': the breakdown values the question picked."""
    m = plan.measure
    named = [v for c, v in plan.filters.items()
             if c not in m.filters and (d := m.dimension(c)) is not None and v != d.default]
    return f" ({', '.join(named)})" if named else ""


def _change_sentence(plan: Plan, result: Result) -> str:
    m, cols = plan.measure, result.columns
    first, last = m.period_label(plan.years[0]), m.period_label(plan.years[-1])
    size = "percentage points" if m.unit == "%" else m.unit or ""
    top = [f"{_cell(r, cols, 'area')} ({_signed(_cell(r, cols, 'value'))} {size}".strip() + ")"
           for r in result.rows[:5]]
    head = "Biggest increase" if plan.order == "desc" else "Biggest fall"
    return f"{head} in {lower_first(m.label)} between {first} and {last}: {listing(top)}."


def _signed(value: Scalar) -> str:
    if not isinstance(value, int | float):
        return "n/a"
    return ("+" if value > 0 else "") + number(value)


def _aggregate_sentence(plan: Plan, result: Result) -> str:
    m, cols = plan.measure, result.columns
    word = {"sum": "Total", "avg": "Average", "median": "Median"}[plan.reading.aggregate or "sum"]
    scope = f" across {plan.within.name}" if plan.within else ""
    if plan.reading.over_years and plan.years:
        scope += f" from {m.period_label(plan.years[0])} to {m.period_label(plan.years[-1])}"
    if plan.reading.by_period and m.month_column:  # over the months of each year
        word += " monthly"
        scope += f" in {', '.join(p.name for p in plan.places)}" if plan.places else ""
    parts = []
    for row in result.rows[:6]:
        areas = _cell(row, cols, "areas")
        count = f" ({areas} areas)" if isinstance(areas, int) and areas > 1 else ""
        when = _cell(row, cols, "year") or _cell(row, cols, "period")
        parts.append(f"{when}: {number(_cell(row, cols, 'value'), m.unit)}{count}"
                     if when is not None else f"{number(_cell(row, cols, 'value'), m.unit)}{count}")
    return f"{word} {lower_first(m.label)}{scope} — {'; '.join(parts)}."


def _trend_sentence(plan: Plan, result: Result) -> str:
    m, cols, rows = plan.measure, result.columns, result.rows
    series: dict[str, list[list[Scalar]]] = {}
    for row in rows:
        key = " ".join(str(row[i]) for i, c in enumerate(cols)
                       if c not in {"area_code", "period", "year", "value"}) or m.label
        series.setdefault(key, []).append(row)
    time = "period" if "period" in cols else "year"
    parts = []
    for key, points in list(series.items())[:4]:
        first, last = points[0], points[-1]
        parts.append(f"{key}: {number(_cell(first, cols, 'value'), m.unit)} in "
                     f"{_cell(first, cols, time)} to {number(_cell(last, cols, 'value'), m.unit)} "
                     f"in {_cell(last, cols, time)}")
    return f"{m.label} — {'; '.join(parts)}.{_verdict(plan, series)}"


def _verdict(plan: Plan, series: dict[str, list[list[Scalar]]]) -> str:
    """'Has it improved?' answered from the measure's polarity, for a single series."""
    polarity = plan.measure.polarity
    if len(series) != 1 or polarity == "neutral":
        return ""
    points = next(iter(series.values()))
    first, last = points[0][-1], points[-1][-1]
    if not isinstance(first, int | float) or not isinstance(last, int | float) or first == last:
        return ""
    better = (last > first) == (polarity == "higher_is_better")
    return " That is an improvement." if better else " That is a worsening."


def _chart(plan: Plan, result: Result) -> ChartSpec:
    cols = result.columns
    x = "area" if "area" in cols else next((c for c in cols if c != "value"), None)
    if plan.intent == "trend":
        time = "period" if "period" in cols else "year"
        series = "area" if "area" in cols else next(
            (c for c in plan.breakdowns if c in cols), None)
        return ChartSpec(kind="line", x=time, y="value", series=series, title=plan.measure.label)
    if len(result.rows) == 1:
        return ChartSpec(kind="number", y="value", title=plan.measure.label)
    return ChartSpec(kind="bar", x=x, y="value", series=None, title=plan.measure.label)


def compose(plan: Plan, result: Result, sql: str, info: DatasetInfo,
            caveats: list[str]) -> Answer:
    result = _in_asked_order(plan, result)
    text, value = _sentence(plan, result)
    notes = [*plan.notes, *caveats, *info.caveats]
    if result.truncated:
        notes.append(f"Only the first {len(result.rows)} rows are shown.")
    return Answer(
        status="answered" if result.rows else "no_answer", text=text,
        value=float(value) if isinstance(value, int | float) else None,
        unit=plan.measure.unit, table=result.as_table(), sql=sql, datasets=[citation(info)],
        collection=info.collection, caveats=list(dict.fromkeys(notes)),
        chart=_chart(plan, result), intent=plan.intent,
    )


def compose_discovery(found: Discovery) -> Answer:
    hits: list[DatasetHit] = found.hits
    if not hits:
        return Answer(status="no_answer", text="I couldn't find datasets about that.",
                      intent="discover")
    names = listing([h.title for h in hits[:5]])
    table = Table(columns=["title", "publisher", "licence", "url"],
                  rows=[[h.title, h.publisher, h.licence, h.url] for h in hits])
    return Answer(status="answered", text=f"Datasets that match: {names}.", table=table,
                  hits=hits, intent="discover", collection=hits[0].collection,
                  datasets=[DatasetCitation(id=h.id, title=h.title, publisher=h.publisher,
                                            licence=h.licence, url=h.url, updated=h.updated)
                            for h in hits])


def compose_clarification(asked: NeedsClarification) -> Answer:
    return Answer(status="clarify", text=asked.clarification.question,
                  clarification=asked.clarification)


def compose_no_answer(no: NoAnswer) -> Answer:
    hint = (" You could ask: " + "; ".join(s.text for s in no.suggestions[:3]) + ".") \
        if no.suggestions else ""
    return Answer(status="no_answer", text=no.reason + hint, suggestions=no.suggestions)


def compose_refusal(reason: str) -> Answer:
    return Answer(status="refused", text=reason)
