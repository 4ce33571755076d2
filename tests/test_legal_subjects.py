"""The subject index of business law: every entry is well formed and names legislation that
is in the bundled list, and a question is matched to the subjects it is about."""

from __future__ import annotations

import csv
import re

import pytest

from assistant.legal_subjects import Choice, choose, lifted, load_subjects, worded
from assistant.legal_wording import read_legal_query
from assistant.settings import PROJECT_ROOT

RAW = PROJECT_ROOT / "data" / "raw"
LISTS = ("legal_uk_primary_legislation_1960_2026.csv",
         "legal_uk_statutory_instruments_2023_2026.csv")


def _listed() -> dict[str, str]:
    items = {}
    for name in LISTS:
        with (RAW / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["number"]:
                    items[f"{row['type_code']}/{row['year']}/{row['number']}"] = \
                        row["title_status_marker"]
    return items


def test_every_subject_is_well_formed_and_its_legislation_is_listed() -> None:
    subjects = load_subjects()
    listed = _listed()
    assert len({s.id for s in subjects}) == len(subjects) > 200
    for s in subjects:
        if s.pattern:
            re.compile(s.pattern)
        assert 4 <= len(s.phrases) <= 7, s.id
        assert all(item in listed for item in s.legislation), s.id
        assert not any(listed[item] for item in s.legislation), s.id  # no repealed item


def test_closest_subjects_within_the_margin_are_chosen_and_wording_counts() -> None:
    closeness = {"workplace-pensions": 0.8, "occupational-pension-schemes": 0.74,
                 "minimum-wage": 0.5}
    chosen = choose(closeness, "pension for my staff", Choice())
    assert [m.subject.id for m in chosen] == ["workplace-pensions",
                                               "occupational-pension-schemes"]
    assert choose({"minimum-wage": 0.3}, "pay", Choice()) == []
    worded_ids = {s.id for s in worded("Can I sack a worker who is always late?")}
    assert "employment-rights" in worded_ids


def test_the_principal_item_is_lifted_most() -> None:
    chosen = choose({"workplace-pensions": 0.8}, "pension", Choice())
    lift = lifted(chosen, decay=0.5)
    first, *rest = chosen[0].subject.legislation
    assert lift[first] == pytest.approx(0.8)
    assert all(lift[item] < lift[first] for item in rest)


@pytest.mark.parametrize(
    ("question", "year_from"),
    [
        ("regulations about food hygiene made since 2023", 2023),
        ("What changed in 2024 in how my employees can take paternity leave?", 2024),
        ("I rent a field to a farmer for grazing since 2015. How do I get it back?", None),
        ("Can I knock the van off this year's profits for tax?", None),
        ("Is it legal to sell cigarettes to a customer born after 2008?", None),
    ],
)
def test_a_period_filters_the_list_only_when_it_is_said_of_the_legislation(
        question: str, year_from: int | None) -> None:
    assert read_legal_query(question, 2026).year_from == year_from
