"""Which periods a plan covers: published labels the question names ('Q1 2024', '2017/18'),
the years it asks for, or the latest one (and say so); an honest no when none is held."""

from __future__ import annotations

import re

from assistant.fit import is_share
from assistant.models import Suggestion
from assistant.periods import PeriodQuery, month_labels, resolve_years
from assistant.plan import NoAnswer, Plan, PlanOutcome
from assistant.semantic import Measure


def named_periods(text: str, m: Measure) -> list[str]:
    """Period labels written in the question as published ('Q1 2024', '2024-25', a month)."""
    lowered = month_labels(text).lower()
    return [p.label for p in m.periods
            if not p.label.isdigit() and p.label.lower() in lowered
            and re.search(rf"(?<![\w/-]){re.escape(p.label.lower())}(?![\w/-])", lowered)]


def period_plan(text: str, periods: PeriodQuery, plan: Plan) -> PlanOutcome | None:
    """The years or published periods a plan covers, or why the data has none of them."""
    m = plan.measure
    available = m.years
    if not m.time_column or not available:
        return None
    named = named_periods(text, m)
    if periods.is_range:  # 'since 2014/15' is a range; '2020-2022' may be one published period
        named = [label for label in named if label.lower() == periods.text.strip()]
    if named:
        plan.period_labels = named
        return None
    years = resolve_years(periods, available)
    if periods.given and not periods.latest and not years:
        span = f"{m.period_label(available[0])} to {m.period_label(available[-1])}"
        asked = ", ".join(map(str, periods.years)) or periods.text
        return NoAnswer(
            reason=f"{m.label} is not available for {asked}; the data covers {span}.",
            suggestions=[Suggestion(text=f"{m.label} in {m.period_label(available[-1])}",
                                    dataset_id=m.dataset_id)])
    if not periods.given and m.month_column and is_share(m) \
            and plan.reading.intent != "trend":
        latest = max(m.periods, key=lambda p: (p.year, p.label)).label
        plan.period_labels = [latest]  # a monthly share is a snapshot: the latest month
        plan.notes.append(f"No period was given, so this uses the latest month: {latest}.")
        return None
    if plan.reading.change:
        years = years if len(years) >= 2 else available
        if len(years) < 2:
            return NoAnswer(reason=f"{m.label} has only one period, so there is no change "
                                   f"to rank.", suggestions=[])
        plan.years = [years[0], years[-1]]
        return None
    if not years and plan.reading.intent != "trend":
        years = [available[-1]]
        plan.notes.append(f"No period was given, so this uses the latest available: "
                          f"{m.period_label(available[-1])}.")
    plan.years = years
    return None
