"""End to end through the pipeline on a small real index; figures checked against the
source files by hand (see README)."""

from __future__ import annotations

import duckdb
import pytest

from assistant.conversation import Conversation
from assistant.errors import InvalidRequest
from assistant.pipeline import Pipeline
from assistant.settings import Settings

GLD_LEEDS = "What percentage of children in Leeds reached a good level of development in 2018?"


def scalar(settings: Settings, sql: str) -> object:
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def test_headline_question_has_figure_sql_and_citation(pipeline: Pipeline) -> None:
    answer = pipeline.answer(GLD_LEEDS)
    assert answer.status == "answered"
    assert answer.value == pytest.approx(65.7)
    assert answer.unit == "%"
    assert "65.7%" in answer.text
    assert answer.sql and "SELECT" in answer.sql and "LIMIT" in answer.sql
    assert answer.table.rows and answer.table.columns[-1] == "value"
    cited = answer.datasets[0]
    assert cited.publisher == "Department for Education"
    assert cited.licence and cited.title


def test_compare_with_england(pipeline: Pipeline) -> None:
    answer = pipeline.answer(
        "What share of children in Leeds reached a good level of development in 2018, "
        "and how does that compare with England?")
    values = {row[1]: row[-1] for row in answer.table.rows}
    assert values == {"Leeds": pytest.approx(65.7), "England": pytest.approx(71.5)}
    assert answer.chart.kind == "bar"
    assert "lower than England" in answer.text


def test_count_value(pipeline: Pipeline, small_index: Settings) -> None:
    answer = pipeline.answer("How many households in Liverpool were fuel poor in 2021?")
    expected = scalar(small_index, "SELECT number_of_households_in_fuel_poverty FROM read_csv("
                      f"'{small_index.data_dir}/raw/desnz_sub_regional_fuel_poverty_2021_by_la"
                      ".csv') WHERE area_name = 'Liverpool'")
    assert answer.value == pytest.approx(float(expected))  # type: ignore[arg-type]


def test_ranking(pipeline: Pipeline) -> None:
    answer = pipeline.answer("Which councils had the highest fuel poverty rates in 2021?")
    assert answer.intent == "rank" and answer.chart.kind == "bar"
    values = [row[-1] for row in answer.table.rows]
    assert values == sorted(values, reverse=True)  # type: ignore[type-var]
    assert answer.unit == "%"


def test_singular_superlative_names_one_area(pipeline: Pipeline) -> None:
    answer = pipeline.answer("Which council had the highest fuel poverty rate in 2021?")
    assert answer.intent == "rank" and len(answer.table.rows) == 1


def test_topic_not_held_is_not_answered_with_a_neighbour(pipeline: Pipeline) -> None:
    answer = pipeline.answer("What is the average annual energy bill in Leeds in pounds?")
    assert answer.status == "no_answer"


def test_trend(pipeline: Pipeline) -> None:
    answer = pipeline.answer("How has the good level of development in Leeds changed since 2016?")
    assert answer.intent == "trend" and answer.chart.kind == "line"
    assert [row[-1] for row in answer.table.rows] == pytest.approx([62.5, 64.8, 65.7])


def test_follow_up_reuses_measure_and_place(pipeline: Pipeline) -> None:
    conversation = Conversation()
    pipeline.answer(GLD_LEEDS, conversation)
    answer = pipeline.answer("and in 2017?", conversation)
    assert answer.value == pytest.approx(64.8)
    answer = pipeline.answer("what about Manchester?", conversation)
    assert answer.table.rows[0][1] == "Manchester"


def test_ambiguous_place_asks_which(pipeline: Pipeline) -> None:
    conversation = Conversation()
    answer = pipeline.answer("What was fuel poverty in Newcastle in 2021?", conversation)
    assert answer.status == "clarify" and answer.clarification
    option = next(o for o in answer.clarification.options if "upon Tyne" in o)
    answer = pipeline.answer(option, conversation)
    assert answer.status == "answered"
    assert answer.table.rows[0][1] == "Newcastle upon Tyne"


def test_period_not_in_data_is_said_honestly(pipeline: Pipeline) -> None:
    answer = pipeline.answer("Good level of development in Leeds in 2030?")
    assert answer.status == "no_answer"
    assert "2030" in answer.text and answer.suggestions


def test_unanswerable_question(pipeline: Pipeline) -> None:
    answer = pipeline.answer("How many moons does Jupiter have?")
    assert answer.status == "no_answer"


def test_discovery(pipeline: Pipeline) -> None:
    answer = pipeline.answer("What data is there about fuel poverty?")
    assert answer.intent == "discover" and answer.status == "answered"
    assert any("fuel poverty" in h.title.lower() for h in answer.hits[:3])


def test_legislation_count(pipeline: Pipeline, small_index: Settings) -> None:
    answer = pipeline.answer("How many statutory instruments were made in 2024?")
    expected = scalar(small_index, "SELECT count(*) FROM legislation "
                                   "WHERE type_code = 'uksi' AND year = 2024")
    assert answer.value == expected


def test_sql_pasted_as_a_question_is_refused(pipeline: Pipeline) -> None:
    answer = pipeline.answer("SELECT * FROM legislation; DROP TABLE legislation")
    assert answer.status == "refused"


@pytest.mark.parametrize("question", ["", "   ", "\x00\x01", "x" * 5000])
def test_bad_questions_raise_invalid_request(pipeline: Pipeline, question: str) -> None:
    with pytest.raises(InvalidRequest):
        pipeline.answer(question)


def test_close_spelling_of_a_place_is_read_and_said(pipeline: Pipeline) -> None:
    answer = pipeline.answer("fuel poverty rate in Liverpol in 2021")
    assert answer.table.rows[0][1] == "Liverpool"
    assert any("Liverpool" in c and "liverpol" in c for c in answer.caveats)


def test_biggest_increase_ranks_by_change(pipeline: Pipeline) -> None:
    answer = pipeline.answer("Which council had the biggest increase in the good level of "
                             "development between 2016 and 2018?")
    assert answer.intent == "rank"
    changes = [row[-1] for row in answer.table.rows]
    assert changes == sorted(changes, reverse=True)  # type: ignore[type-var]
    first = answer.table.rows[0]
    assert first[-1] == pytest.approx(first[3] - first[2])  # type: ignore[operator]


def test_has_it_improved_uses_polarity(pipeline: Pipeline) -> None:
    answer = pipeline.answer("Has the good level of development in Leeds improved since 2016?")
    assert "improvement" in answer.text
