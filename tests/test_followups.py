"""Follow-ups keep the previous measure unless they name a topic it does not cover."""

from __future__ import annotations

from assistant.followups import follow_candidates, new_topic
from assistant.retrieval import Candidate
from assistant.semantic import Dimension, Measure


def _measure(mid: str, label: str, **extra: object) -> Measure:
    return Measure.model_validate({"id": mid, "dataset_id": "els", "table": "els",
                                   "column": "value", "label": label, **extra})


LITERACY = _measure("lit", "Percentage at expected level in literacy",
                    filters={"indicator": "Literacy"})
MATHS = _measure("maths", "Percentage at expected level in mathematics",
                 filters={"indicator": "Mathematics"}, synonyms=["maths skills"])
BY_SEX = _measure("le", "Life expectancy at birth",
                  dimensions=[Dimension(column="sex", label="Sex", values=["Male", "Female"])])


def test_a_topic_the_previous_measure_names_is_not_new() -> None:
    assert new_topic({"literacy"}, LITERACY) == set()
    assert new_topic({"boys"}, BY_SEX) == set()  # a breakdown value of the same figures
    assert new_topic({"maths"}, LITERACY)  # stems of words it does not name


def test_a_measure_naming_the_new_topic_takes_over() -> None:
    retrieved = [Candidate(measure=MATHS, similarity=0.31, score=0.5)]
    ranked = follow_candidates({"maths"}, LITERACY, retrieved, {"lit": LITERACY, "maths": MATHS})
    assert max(ranked, key=lambda c: c.score).measure.id == "maths"


def test_nothing_new_keeps_the_previous_measure() -> None:
    retrieved = [Candidate(measure=MATHS, similarity=0.31, score=0.5)]
    ranked = follow_candidates(set(), LITERACY, retrieved, {"lit": LITERACY, "maths": MATHS})
    assert max(ranked, key=lambda c: c.score).measure.id == "lit"
