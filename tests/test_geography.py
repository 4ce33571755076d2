"""Place reading on the real ONS/mySociety lookups of the small index."""

from __future__ import annotations

import duckdb
import pytest

from assistant.geography import Gazetteer
from assistant.settings import Settings


@pytest.fixture(scope="module")
def gazetteer(small_index: Settings) -> Gazetteer:
    with duckdb.connect(str(small_index.duckdb_path), read_only=True) as con:
        return Gazetteer.from_connection(con)


def names(gazetteer: Gazetteer, text: str) -> list[str]:
    return [m.candidates[0].name for m in gazetteer.find(text)]


def test_finds_local_authorities_and_regions(gazetteer: Gazetteer) -> None:
    assert names(gazetteer, "Leeds vs Liverpool vs Hammersmith and Fulham") == [
        "Leeds", "Liverpool", "Hammersmith and Fulham"]
    assert names(gazetteer, "lowest in the North West") == ["North West"]


def test_whole_words_only(gazetteer: Gazetteer) -> None:
    assert names(gazetteer, "fuel poverty in Canterbury") == ["Canterbury"]
    assert names(gazetteer, "how many houses are there") == []


def test_codes_and_combined_authorities(gazetteer: Gazetteer) -> None:
    assert names(gazetteer, "area E08000035") == ["Leeds"]
    found = gazetteer.find("in the Liverpool City Region")
    assert found[0].candidates[0].level == "combined_authority"


def test_everyday_words_need_a_capital(gazetteer: Gazetteer) -> None:
    assert names(gazetteer, "reading skills of five year olds") == []
    assert names(gazetteer, "fuel poverty in Reading") == ["Reading"]


def test_shared_short_names_are_ambiguous(gazetteer: Gazetteer) -> None:
    match = gazetteer.find("fuel poverty in Newcastle")[0]
    assert match.ambiguous
    assert {p.code for p in match.candidates} >= {"E08000021", "E07000195"}


def test_a_capitalised_name_may_have_one_slip(gazetteer: Gazetteer) -> None:
    assert names(gazetteer, "GLD in Kirkless in 2016") == ["Kirklees"]
    assert names(gazetteer, "fuel poverty in the East Mids") == ["East Midlands"]
