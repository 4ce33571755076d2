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


def test_a_follow_up_keeps_the_breakdown_and_published_period() -> None:
    from assistant.conversation import Turn
    from assistant.followups import carry_over
    from assistant.intents import Reading
    from assistant.plan import Plan
    from assistant.semantic import PeriodInfo

    gld = _measure("gld", "Good level of development", periods=[
        PeriodInfo(year=2018, label="2018"), PeriodInfo(year=2024, label="2024-25")],
        dimensions=[Dimension(column="group", label="Group", values=["All pupils", "FSM"],
                              default="All pupils")])
    before = Turn(measure_id="gld", filters={"group": "FSM"}, period_labels=["2024-25"])

    def plan() -> Plan:
        return Plan(reading=Reading(intent="compare"), measure=gld, filters={"group": "All pupils"},
                    years=[2024])

    kept = plan()
    carry_over("how does that compare with England?", kept, before, same_period=True)
    assert kept.filters == {"group": "FSM"} and kept.period_labels == ["2024-25"]
    named = plan()
    carry_over("and for all pupils?", named, before, same_period=False)
    assert named.filters == {"group": "All pupils"} and named.period_labels == []
