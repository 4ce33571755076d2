"""Breakdown values named in a question: filters, groups and everyday names."""

from __future__ import annotations

from assistant.dimensions import mentioned_values, named_filter_values
from assistant.semantic import Dimension, Measure

SECTORS = ["Domestic", "Transport", "Industry"]


def _sector(value: str, synonyms: list[str] | None = None) -> Measure:
    return Measure(id=value.lower(), dataset_id="co2", table="co2", column="co2_kt",
                   label=f"{value} — Total", filters={"sector": value, "sub_sector": "Total"},
                   synonyms=synonyms or [])


MEASURES = [_sector(v) for v in SECTORS]


def test_everyday_names_and_most_specific_values() -> None:
    dim = Dimension(column="sex", label="Sex", values=["Male", "Female", "Persons"],
                    synonyms={"Persons": ["everyone"]})
    assert mentioned_values("life expectancy for boys", dim) == ["Male"]
    assert mentioned_values("and for everyone?", dim) == ["Persons"]


def test_two_values_of_a_fixed_filter_are_read_as_a_group() -> None:
    asked = "were domestic or transport emissions bigger?"
    assert named_filter_values(asked, MEASURES[1], MEASURES) == {
        "sector": ["Domestic", "Transport"]}


def test_one_value_or_a_synonym_is_not_a_group() -> None:
    assert named_filter_values("transport emissions in Leeds", MEASURES[1], MEASURES) == {}
    with_synonym = [*MEASURES[:2], _sector("Industry", ["transport emissions of factories"])]
    assert named_filter_values("domestic transport", MEASURES[0], with_synonym) == {
        "sector": ["Domestic", "Transport"]}
    assert named_filter_values("factories and homes", MEASURES[0], with_synonym) == {}


def test_a_named_group_is_not_also_its_total() -> None:
    dim = Dimension(column="pupil_group", label="Pupil group", default="All pupils",
                    values=["All pupils", "FSM", "All other pupils (non-FSM)"])
    assert mentioned_values("GLD for FSM pupils in Bradford", dim) == ["FSM"]
    assert mentioned_values("FSM pupils compared with all pupils", dim) == ["All pupils", "FSM"]
