"""Measure fit beyond meaning: measures named side by side are read together."""

from __future__ import annotations

import sqlglot

from assistant.fit import companions
from assistant.intents import Reading
from assistant.plan import Plan
from assistant.semantic import Measure, PeriodInfo
from assistant.sqlbuild import render_sql


def _measure(mid: str, column: str, label: str, synonyms: list[str]) -> Measure:
    return Measure(id=mid, dataset_id="ch", table="ch", column=column, label=label,
                   unit="companies", kind="count", synonyms=synonyms, time_column="year",
                   period_column="period", periods=[PeriodInfo(year=2024, label="2024-25")])


BORN = _measure("born", "incorporations", "Company incorporations", ["companies set up"])
DIED = _measure("died", "dissolutions", "Company dissolutions", ["companies shut down"])


def test_two_measures_named_side_by_side() -> None:
    asked = "Were more companies set up or shut down in 2024-25?"
    assert companions(asked, BORN, [BORN, DIED]) == [DIED]
    assert companions("How many companies were set up in 2024-25?", BORN, [BORN, DIED]) == []


def test_side_by_side_is_one_labelled_union() -> None:
    plan = Plan(reading=Reading(intent="compare"), measure=BORN, also=[DIED],
                period_labels=["2024-25"])
    tree = sqlglot.parse_one(render_sql(plan), read="duckdb")
    assert isinstance(tree, sqlglot.exp.Union)
    assert tree.args["limit"] is not None
    assert {s.alias_or_name for s in tree.left.selects} >= {"value", "measure", "year"}


def test_the_most_of_what_a_count_counts_is_a_count() -> None:
    from assistant.fit import kind_fit

    count = Measure(id="n", dataset_id="f", table="f", column="n", kind="count",
                    label="Food businesses by hygiene rating", unit="establishments")
    share = Measure(id="p", dataset_id="f", table="f", column="p", kind="percentage",
                    label="Share of rated food businesses with this rating", unit="%")
    asked = "Which region has the most food businesses rated 5?"
    assert kind_fit(asked, count) > kind_fit(asked, share)
    assert kind_fit("Which region has the most fuel poverty?", count) == 0.0
