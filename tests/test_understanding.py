"""Question reading that needs no index: spelling, places abroad, rank size and level."""

from __future__ import annotations

import pytest

from assistant.abroad import place_abroad
from assistant.intents import read_intent
from assistant.spelling import Speller


@pytest.mark.parametrize(("question", "n", "level"), [
    ("Which council has the highest fuel poverty?", 1, None),
    ("Which councils have the highest fuel poverty?", None, None),
    ("Which English region has the lowest obesity rate?", 1, "region"),
    ("Which combined authority has the lowest emissions per person?", 1,
     "combined_authority"),
    ("top 3 councils for transport emissions", 3, None),
])
def test_rank_size_and_level(question: str, n: int | None, level: str | None) -> None:
    reading = read_intent(question, 0, False)
    assert (reading.intent, reading.n, reading.level) == ("rank", n, level)


def test_a_city_region_named_as_the_area_does_not_set_the_level() -> None:
    reading = read_intent("councils where more than 15% are fuel poor in the Liverpool City "
                          "Region", 1, False)
    assert reading.intent == "filter" and reading.level is None


@pytest.mark.parametrize("question", [
    "Have you got anything on how much electricity households use?",
    "do you have life expectancy data",
    "Is there anything on free childcare hours?",
    "data on domestic gas usage by area",
    "greenhouse gas emissions data by council",
    "What kinds of data can I ask you about?",
])
def test_discovery_phrasings(question: str) -> None:
    assert read_intent(question, 0, False).intent == "discover"


@pytest.mark.parametrize(("question", "op", "value"), [
    ("where is depression prevalence 20% or more?", ">=", 20.0),
    ("Councils with emissions above 15 tonnes per person", ">", 15.0),
    ("areas with over 1,000 mm of rain", ">", 1000.0),
])
def test_filters(question: str, op: str, value: float) -> None:
    reading = read_intent(question, 0, False)
    assert (reading.intent, reading.threshold_op, reading.threshold) == ("filter", op, value)


def test_places_abroad() -> None:
    assert place_abroad("What's the smoking rate in New York?") == "New York"
    assert place_abroad("population of Northern Ireland") is None
    assert place_abroad("smoking in York") is None


def test_spelling_fixes_typos_not_other_words() -> None:
    speller = Speller({"fuel", "poverty", "population", "incorporations"})
    assert speller.correct("fuel povety") == "fuel poverty"
    assert speller.correct("populaton of Leeds") == "population of Leeds"
    assert speller.correct("corporation tax") == "corporation tax"


def test_local_places_never_make_a_council_ambiguous() -> None:
    from assistant.geography import Gazetteer, Place

    city = Place(code="E08000039", name="Sheffield", level="metropolitan_district")
    gazetteer = Gazetteer([city], {"sheffield": {"E08000039"}})
    gazetteer.add_local([Place(code="sheffield", name="Sheffield", level="station"),
                         Place(code="valley", name="Valley", level="station")])
    (match,) = gazetteer.find("Air frost days at Sheffield")
    assert not match.ambiguous
    assert match.candidates[0].code == "E08000039"
    assert match.candidates[0].alternates == ["sheffield"]
    assert gazetteer.find("rain in the valley") == []
    assert gazetteer.find("rain at Valley")[0].candidates[0].code == "valley"


def test_a_question_about_money_needs_an_amount_of_money() -> None:
    from assistant.fit import money_unanswered as _money_unanswered
    from assistant.semantic import Measure

    gas = Measure(id="gas", dataset_id="g", table="g", column="kwh", unit="kWh", kind="mean",
                  label="Median domestic gas consumption per meter (kWh)")
    poverty = Measure(id="ahc", dataset_id="p", table="p", column="pct", unit="%",
                      label="Children in relative poverty after housing costs")
    spend = Measure(id="spend", dataset_id="c", table="c", column="gbp", unit="£",
                    label="Charity total expenditure", kind="currency")
    assert _money_unanswered("What is the average energy bill in Leeds in pounds?", gas)
    assert not _money_unanswered("average gas use in Leeds", gas)
    assert not _money_unanswered("child poverty after housing costs in Leeds", poverty)
    assert not _money_unanswered("Which charity spends the most?", spend)


def test_only_editions_of_the_same_statistic_are_ranked_by_age() -> None:
    from assistant.fit import newest_editions as _newest_editions
    from assistant.periods import PeriodQuery
    from assistant.semantic import Measure, PeriodInfo

    def measure(mid: str, dataset: str, label: str, year: int) -> Measure:
        return Measure(id=mid, dataset_id=dataset, table=dataset, column="v", label=label,
                       periods=[PeriodInfo(year=year, label=str(year))])

    old = measure("fp19", "fp_2010_2019", "Percentage of households in fuel poverty (2019)", 2019)
    new = measure("fp21", "fp_2021", "Percentage of households in fuel poverty", 2021)
    other = measure("imd", "imd", "Share of neighbourhoods in the most deprived 10%", 2025)
    assert _newest_editions(PeriodQuery().given, [old, new, other]) == {"fp21"}
    assert _newest_editions(PeriodQuery(years=[2019]).given, [old, new, other]) == set()


def test_a_station_answers_to_its_name_without_the_bracketed_part() -> None:
    from assistant.geography import Gazetteer, Place

    gazetteer = Gazetteer([], {})
    gazetteer.add_local([Place(code="heathrow", name="Heathrow (London Airport)",
                               level="station")])
    (match,) = gazetteer.find("Did Tiree or Heathrow get more rain?")
    assert match.candidates[0].code == "heathrow"


def test_weather_superlatives_rank() -> None:
    wettest = read_intent("Which English region was wettest in 2020?", 0, False)
    assert wettest.intent == "rank" and wettest.direction == "desc" and wettest.n == 1
    assert read_intent("Which station was driest in 2023?", 0, False).direction == "asc"


def test_real_words_are_not_respelled_as_catalogue_words() -> None:
    from assistant.spelling import Speller

    speller = Speller({"writing", "poverty"}, english=frozenset({"waiting"}))
    assert speller.correct("hospital waiting lists") == "hospital waiting lists"
    assert speller.correct("fuel povety") == "fuel poverty"
