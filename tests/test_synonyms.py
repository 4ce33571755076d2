"""Measures named by a catalogue synonym are found even when the embedding misses them."""

from __future__ import annotations

from assistant.semantic import Measure
from assistant.synonyms import SynonymIndex, named_by

RAIN = Measure(id="rain", dataset_id="w", table="w", column="mm", label="Rainfall (mm)",
               synonyms=["rainfall", "wettest", "how much rain"])
GLD = Measure(id="gld", dataset_id="e", table="e", column="pct",
              label="Percentage of children achieving a good level of development",
              synonyms=["GLD", "good level of development"])


def test_synonyms_written_in_the_question_name_measures() -> None:
    index = SynonymIndex([RAIN, GLD])
    assert index.named("Which English region was wettest in 2020?") == ["rain"]
    assert index.named("average GLD across London boroughs") == ["gld"]
    assert index.named("how much rain fell in Leeds") == ["rain"]
    assert index.named("gold medals") == []


def test_named_by_is_whole_words_only() -> None:
    assert named_by("GLD for E08000003 in 2018", GLD)
    assert not named_by("GLDX for Leeds", GLD)
