"""How the legislation search ranks: BM25 over titles and descriptions, the wording it reads
(nation, kind of legislation, 'new'), the priors, and the datasets legal answers cite."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from assistant.legal import choose_related, read_legal_query
from assistant.legislation import legislation_store, search_legislation
from assistant.legislation_lexical import build_bm25
from assistant.legislation_models import LegislationItem
from assistant.legislation_ranking import WEIGHTS, Wording, rank
from assistant.legislation_words import words
from assistant.models import DatasetHit
from assistant.resources import Resources


@pytest.fixture(scope="module")
def res(pipeline: Any) -> Resources:
    resources: Resources = pipeline.resources
    return resources


def keys(items: list[LegislationItem]) -> list[str]:
    return [f"{i.type}/{i.year}/{i.number}" for i in items]


# --------------------------------------------------------------------------- BM25


def test_bm25_weighs_titles_over_descriptions_and_rare_words_over_common() -> None:
    index = build_bm25({
        "a": (words("Scrap Yards Act"), words("An Act about metal dealers.")),
        "b": (words("Metal Dealers Act"), words("An Act about yards.")),
        "c": (words("Companies Act"), words("An Act about companies and dealers.")),
        "d": (words("Companies (Fees) Regulations"), words("Fees for companies.")),
    })
    scores = index.scores(words("metal dealers"))
    assert set(scores) == {"a", "b", "c"}
    assert scores["b"] > scores["a"] > scores["c"]  # title beats description
    only_a = index.scores(words("metal"), allowed={"a": None})
    assert only_a == {"a": index.scores(["metal"])["a"]}
    assert index.scores(words("unicorn")) == {}


def test_words_drop_question_framing_and_stem_plurals() -> None:
    assert words("Which law says my landlords' tenancies are rules?") == ["landlord", "tenancy"]


# --------------------------------------------------------------------------- wording


def test_wording_reads_nation_kind_and_newness() -> None:
    scottish = Wording.read("Which Scottish Act sets business rates in Scotland?")
    assert scottish.nations == frozenset({"scotland"}) and scottish.kind == "primary"
    regulations = Wording.read("Which regulations ban disposable vapes in England?")
    assert regulations.kind == "secondary" and regulations.nations == frozenset({"england"})
    assert Wording.read("What is the new law on rented homes?").new
    plain = Wording.read("Which law covers food safety?")
    assert plain.kind is None and not plain.nations and not plain.new
    assert Wording.read("Can a director act as a company secretary?").kind is None


def test_year_regulations_mean_statutory_instruments() -> None:
    query = read_legal_query("Which 2023 regulations changed holiday pay?", 2026)
    assert (query.type, query.year_from, query.year_to) == ("uksi", 2023, 2023)
    assert read_legal_query("Which 2023 Act covers flexible working?", 2026).type != "uksi"


# --------------------------------------------------------------------------- the store


def test_store_knows_each_items_nation(res: Resources) -> None:
    store = legislation_store(res.settings)
    assert store.nation["asp/2012/4"] == "scotland"
    assert store.nation["nia/2014/9"] == "northern ireland"
    assert "ukpga/2006/46" not in store.nation
    assert store.bm25 is not None and store.bm25.scores(["renter"])


# --------------------------------------------------------------------------- ranking


def test_repeal_markers_cost_a_little(res: Resources) -> None:
    store = legislation_store(res.settings)
    vector = res.embedder.embed_one("insolvency")
    scored = {i.id: s for s, i in rank(res.settings, store, "insolvency", vector, None, None,
                                       None)}
    unmarked = {i.id: s for s, i in rank(res.settings, store, "insolvency", vector, None, None,
                                         None, replace(WEIGHTS, marker=0.0))}
    repealed = [i for i in scored if store.items[i].status]
    assert repealed
    for i in repealed:
        assert unmarked[i] - scored[i] == pytest.approx(WEIGHTS.marker)


def test_acts_a_consolidation_restates_are_superseded(res: Resources) -> None:
    store = legislation_store(res.settings)
    # the Limitation Act 1980 consolidates the Limitation Acts 1939 to 1980
    assert {"ukpga/1963/47", "ukpga/1975/54", "ukpga/1980/24"} <= store.superseded
    assert "ukpga/1980/58" not in store.superseded
    # a restatement beside another of the same name is not superseded by it
    assert "ukpga/2009/4" not in store.superseded  # Corporation Tax Act 2009 (and 2010)
    # an Act amended (not consolidated) by a later one of the same name is left alone
    assert "ukpga/2004/35" not in store.superseded  # Pensions Act 2004


def test_superseded_acts_cost_as_much_as_a_marker(res: Resources) -> None:
    store = legislation_store(res.settings)
    vector = res.embedder.embed_one("limitation periods")
    args = (res.settings, store, "limitation periods", vector, None, None, None)
    scored = {i.id: s for s, i in rank(*args)}
    free = {i.id: s for s, i in rank(*args, replace(WEIGHTS, superseded=0.0))}
    assert free["ukpga/1963/47"] - scored["ukpga/1963/47"] == pytest.approx(WEIGHTS.superseded)
    assert free["ukpga/1980/58"] == pytest.approx(scored["ukpga/1980/58"])


def test_description_words_find_an_item_its_title_does_not_name(res: Resources) -> None:
    page = search_legislation(res, "price at which alcohol may be sold from licensed premises",
                              type="asp", limit=3)
    assert "asp/2012/4" in keys(page.items)


def test_nation_named_in_the_question_is_preferred(res: Resources) -> None:
    uk = keys(search_legislation(res, "extension of automatic enrolment for pensions",
                                 limit=5).items)
    assert uk.index("ukpga/2023/44") < uk.index("nia/2025/2")
    ni = keys(search_legislation(res, "extension of automatic enrolment for pensions in "
                                      "Northern Ireland", limit=5).items)
    assert ni.index("nia/2025/2") < ni.index("ukpga/2023/44")


def test_scores_are_ordered_and_pages_reach_bm25_candidates(res: Resources) -> None:
    page = search_legislation(res, "party walls and excavation near buildings", limit=10)
    scores = [i.score or 0 for i in page.items]
    assert scores == sorted(scores, reverse=True)
    assert "ukpga/1996/40" in keys(page.items)


# --------------------------------------------------------------------------- datasets


def hit(id_: str, collection: str, score: float) -> DatasetHit:
    return DatasetHit(id=id_, title=id_, description="", publisher="p", licence="OGL",
                      collection=collection, score=score)


def test_legal_datasets_are_not_crowded_out_by_the_catalogue() -> None:
    # 'Which law deals with company insolvency, and how many businesses close each year?'
    # on the full index: a catalogue entry is closer than any legal-collection dataset
    hits = [hit("companies_house", "legal", 0.454), hit("business_demography", "legal", 0.301),
            hit("charities", "legal", 0.12), hit("dgu:close", "catalogue", 0.71),
            hit("dgu:far", "catalogue", 0.586), hit("legislation", "legal", 0.9)]
    assert [h.id for h in choose_related(hits)] == ["companies_house", "business_demography"]
    alone = [hit("dgu:close", "catalogue", 0.71), hit("dgu:far", "catalogue", 0.586)]
    assert [h.id for h in choose_related(alone)] == ["dgu:close"]
    assert choose_related([hit("legislation", "legal", 0.9)]) == []
