import pytest

from assistant.intents import read_intent


@pytest.mark.parametrize(
    ("question", "places", "intent"),
    [
        ("How many households in Liverpool were fuel poor in 2021?", 1, "value"),
        ("Leeds vs Liverpool fuel poverty", 2, "compare"),
        ("How does Leeds compare with England?", 2, "compare"),
        ("Which council had the highest fuel poverty rate?", 0, "rank"),
        ("top 5 areas for life expectancy", 0, "rank"),
        ("Where is fuel poverty lowest in the North West?", 1, "rank"),
        ("How has GLD in Leeds changed since 2016?", 1, "trend"),
        ("councils where more than 15% of households are fuel poor", 0, "filter"),
        ("What is the average life expectancy across councils?", 0, "aggregate"),
        ("What data is there about adult social care?", 0, "discover"),
        ("Which datasets cover regulations businesses must follow?", 0, "discover"),
    ],
)
def test_intent(question: str, places: int, intent: str) -> None:
    assert read_intent(question, places, year_range=False).intent == intent


def test_best_means_polarity_not_direction() -> None:
    reading = read_intent("Which council is best for fuel poverty?", 0, False)
    assert reading.intent == "rank" and reading.best_worst == "best"


def test_top_n() -> None:
    assert read_intent("top 3 councils by fuel poverty", 0, False).n == 3


def test_monthly_and_quarterly_ask_for_figures_within_the_year() -> None:
    series = read_intent("Monthly share of good care homes in England during 2025", 1, False)
    assert series.intent == "trend" and series.by_period
    average = read_intent("Average monthly rainfall in Wales in 2015", 1, False)
    assert average.intent == "aggregate" and average.by_period
    assert not read_intent("Rainfall in Wales in 2015", 1, False).by_period


def test_where_things_are_located_asks_for_datasets() -> None:
    assert read_intent("Where are the Met Office weather stations located?", 0, False).intent \
        == "discover"
    assert read_intent("Where is fuel poverty highest?", 0, False).intent == "rank"


@pytest.mark.parametrize(
    ("question", "n"),
    [
        ("3 worst councils for fuel poverty in the North West", 3),
        ("5 districts with the lowest greenhouse gas emissions per resident", 5),
        ("the 10 areas where life expectancy is highest", 10),
    ],
)
def test_a_number_before_the_areas_ranks(question: str, n: int) -> None:
    reading = read_intent(question, 0, False)
    assert reading.intent == "rank" and reading.n == n


def test_ages_are_not_thresholds() -> None:
    assert read_intent("top 5 places for heart disease deaths in under 75s", 0, False).threshold \
        is None
    assert read_intent("people aged over 65 in Leeds", 1, False).intent == "value"
    assert read_intent("councils where life expectancy is under 77", 0, False).threshold == 77


def test_areas_against_england_are_a_filter_on_englands_own_figure() -> None:
    above = read_intent("which boroughs have higher diabetes prevalence than England?", 1, False)
    assert above.intent == "filter" and above.benchmark and above.threshold_op == ">"
    worse = read_intent("which councils are worse than England for obesity", 1, False)
    assert worse.benchmark and worse.threshold_op is None and worse.best_worst == "worst"
    assert read_intent("Is Leeds higher than England?", 2, False).intent == "compare"


def test_how_many_areas_counts_them() -> None:
    reading = read_intent("how many councils have male life expectancy under 77?", 0, False)
    assert reading.intent == "filter" and reading.count


def test_how_many_since_a_year_is_one_total_unless_each_year_is_asked() -> None:
    total = read_intent("How many Acts has Holyrood passed since 2020?", 0, True)
    assert total.intent == "aggregate" and total.over_years and total.aggregate == "sum"
    assert read_intent("How many Acts were passed each year since 2015?", 0, True).intent \
        == "trend"
    assert read_intent("Has the number of Acts gone down since 2015?", 0, True).intent == "trend"
    # what exists at a time is a series, not a sum over the years
    assert read_intent("Number of active businesses in the UK 2019 to 2024", 1, True).intent \
        == "trend"
