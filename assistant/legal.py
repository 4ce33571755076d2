"""Legal answers for businesses: which legislation deals with a question, and which
datasets go with it — information about legislation, never legal advice.

`is_legal_search` reads the wording ("which law…", "what rules apply…", "regulations made
since 2023…"); `legal_answer` searches the legislation list (`assistant.legislation`),
runs the guarded SQL that reads the items it found, and cites the related datasets that
retrieval found. Counting questions about legislation ("how many SIs in 2024?") are left
to the planner.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from assistant.errors import ExecutionError, SQLRejected
from assistant.execution import execute
from assistant.formatting import listing
from assistant.guard import guard
from assistant.legislation import (
    COVERAGE_NOTE,
    LEGAL_CAVEAT,
    TYPE_NAMES,
    LegislationItem,
    legal_caveat,
    legislation_store,
    search_legislation,
)
from assistant.models import (
    Answer,
    ChartSpec,
    DatasetCitation,
    DatasetHit,
    Scalar,
    Suggestion,
    Table,
)
from assistant.periods import parse_periods
from assistant.resources import Resources
from assistant.retrieval import Retrieval
from indexing.documents import DATASETS

__all__ = [
    "LEGAL_CAVEAT",
    "LegalQuery",
    "choose_related",
    "is_legal_search",
    "legal_answer",
    "legal_caveat",
    "read_legal_query",
    "wants_figures",
    "with_legal_caveat",
]

LEGISLATION_DATASET = "legislation"
LEGAL_COLLECTION = "legal"
SHOWN = 5            # items in the table
NAMED = 3            # items named in the text
# Related datasets: the legal collection's (company register, food hygiene, business
# demography, charities) when close enough; others only when clearly about the question.
MIN_LEGAL_DATASET_SCORE = 0.25
LEGAL_DATASET_MARGIN = 0.2
MIN_OTHER_DATASET_SCORE = 0.4
OTHER_DATASET_MARGIN = 0.1
MAX_DATASETS = 2

# --------------------------------------------------------------------------- wording

LEGAL_WORDS = re.compile(
    r"\b(laws?|legislation|legislative|legal(ly)?|illegal|unlawful|lawful|statutes?|statutory"
    r"|acts? of parliament|(primary|secondary) legislation|regulations?|regulatory"
    r"|rules?( apply| that apply| for| on| about| do)|what are the rules|obligations?"
    r"|obliged|comply|complying|compliance|legal requirements?|required by law|by law"
    r"|(am i|are we|is it) (allowed|permitted|required)|(my|our|their|tenants?'?|workers?'?"
    r"|employees?'?|consumers?'?|customers?'?|renters?'?|staff'?s?) rights|rights of"
    r"|need (a|an) [\w ]{0,20}licen[cs]e|licen[cs]e to|licensing|licensed premises"
    r"|registers? of (companies|charities|overseas entities)|registrar of companies"
    r"|where is the register|company register|statutory instruments?"
    r"|(which|what) (law|laws|act|acts|order|orders|regulations?|rules?|legislation|statutes?)"
    r"|which (law|act|order|regulations?) (says|allows|lets|covers))\b",
    re.I,
)
NAMED_ACT = re.compile(r"\b[A-Z][\w’'-]*(\s+\(?[A-Z][\w’'()-]*)*\s+Acts?\b|\bSIs?\b"
                       r"|\bAct of the (Scottish Parliament|Northern Ireland Assembly)\b")
WHICH_ACTS = re.compile(r"\b(which|what|any|new|recent|the|latest)\s+acts\b|\bacts\s+(passed|"
                        r"of|made|that|which|about|on)\b", re.I)
COUNTED = (r"(acts?|laws?|statutory instruments?|sis?|regulations?|orders?|statutes?|rules?|"
           r"pieces? of legislation|legislation|bills?|items?)")
COUNTING = re.compile(
    r"\b(how many|number of|count of|total number of|how much)\s+(\w+[\s-]+){0,4}?" + COUNTED
    + r"\b|\b(percentage|proportion|share|fraction)\s+of\s+(\w+[\s-]+){0,4}?" + COUNTED
    + r"\b|\bcount (the )?" + COUNTED + r"\b|\b(more|fewer|less)\s+(\w+[\s-]+){0,3}?" + COUNTED
    + r"\b|\b" + COUNTED + r"\s+(\w+\s+){0,3}?(per|each|by|every|a) (year|month|quarter)\b",
    re.I)
DATASET_QUESTION = re.compile(r"\b(data ?sets?|open data|statistics (about|on)|what data (is|are)"
                              r"|which data|is there (any )?data|licen[cs]e of the data)\b", re.I)
LAW_NOUN = re.compile(r"\b(laws?|legislation|acts|statutes?)\b|\bAct\b", re.I)
FIGURES = re.compile(
    r"\b(how many|number of|figures?|statistics|stats|numbers|counts?|percentage|proportion"
    r"|per cent|trends?|average)\b", re.I)

# What kind of legislation the question names.
SI_WORDS = re.compile(r"\b(statutory instruments?|SIs?|secondary legislation)\b")
SI_MADE = re.compile(r"\b(regulations|orders|rules|statutory instruments?|SIs?)\b[\w\s,'’]{0,60}"
                     r"\bmade\b|\bmade\b[\w\s]{0,20}\b(regulations|orders)\b"
                     r"|\b(19|20)\d\d (regulations|orders)\b", re.I)  # 'the 2023 regulations'
PRIMARY_WORDS = re.compile(r"\b(acts|act of parliament|acts of parliament|primary legislation)"
                           r"\b|\bacts?\b[\w\s]{0,20}\bpassed\b|\bpassed\b[\w\s]{0,20}\bacts?\b",
                           re.I)
SCOTTISH = re.compile(r"\b(act of the scottish parliament|scottish parliament|holyrood|scottish "
                      r"(law|laws|act|acts|legislation))\b", re.I)
NORTHERN_IRISH = re.compile(r"\b(northern ireland assembly|stormont|northern ireland (law|laws|act"
                            r"|acts|legislation))\b", re.I)
THIS_YEAR = re.compile(r"\bthis year\b|\bso far this year\b|\bthis calendar year\b", re.I)
LAST_YEAR = re.compile(r"\blast year\b", re.I)


def is_legal_search(question: str) -> bool:
    """True for questions about which legislation deals with something; False for counts
    of legislation ('how many SIs in 2024?') and for questions about datasets."""
    if COUNTING.search(question):
        return False
    legal = bool(LEGAL_WORDS.search(question) or NAMED_ACT.search(question)
                 or WHICH_ACTS.search(question))
    if not legal:
        return False
    return not (DATASET_QUESTION.search(question) and not LAW_NOUN.search(question))


def wants_figures(question: str) -> bool:
    """Does the question also ask for numbers (then the planner's answer can be merged)?"""
    return bool(FIGURES.search(question))


class LegalQuery(BaseModel):
    """The filters a legal question implies."""

    type: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    def describe(self) -> str:
        kinds = {"uksi": "UK Statutory Instruments", "asp": "Acts of the Scottish Parliament",
                 "nia": "Acts of the Northern Ireland Assembly", "primary": "Acts"}
        kind = kinds.get(self.type or "", "legislation")
        if self.year_from is not None and self.year_from == self.year_to:
            return f"{kind} of {self.year_from}"
        if self.year_from is not None and self.year_to is not None:
            return f"{kind} of {self.year_from} to {self.year_to}"
        if self.year_from is not None:
            return f"{kind} from {self.year_from}"
        if self.year_to is not None:
            return f"{kind} up to {self.year_to}"
        return kind


def read_legal_query(question: str, latest: int | None) -> LegalQuery:
    """Type and year filters from the wording: 'since 2023', '2025', 'between 2020 and 2024',
    'in the last 3 years', 'this year' (= the latest year in the list), 'last year'."""
    query = LegalQuery()
    if SCOTTISH.search(question):
        query.type = "asp"
    elif NORTHERN_IRISH.search(question):
        query.type = "nia"
    elif SI_WORDS.search(question) or SI_MADE.search(question):
        query.type = "uksi"
    elif PRIMARY_WORDS.search(question):
        query.type = "primary"
    periods = parse_periods(question)
    if periods.start is not None:
        query.year_from, query.year_to = periods.start, periods.end
    elif periods.last_n is not None and latest is not None:
        query.year_from, query.year_to = latest - periods.last_n + 1, latest
    elif periods.years:
        query.year_from, query.year_to = min(periods.years), max(periods.years)
    elif THIS_YEAR.search(question) and latest is not None:
        query.year_from = query.year_to = latest
    elif LAST_YEAR.search(question) and latest is not None:
        query.year_from = query.year_to = latest - 1
    return query


# --------------------------------------------------------------------------- the answer


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _table(resources: Resources, items: list[LegislationItem]) -> tuple[Table, str | None]:
    """Run the guarded SQL that reads the found items; the table keeps the search order."""
    columns = ["title", "type", "year", "number", "date", "status", "url"]
    uris = [f"https://www.legislation.gov.uk/id/{i.id}" for i in items]
    sql = ("SELECT legislation_uri, title, type_name, year, number, date_enacted, status "
           f"FROM legislation WHERE legislation_uri IN ({', '.join(_quote(u) for u in uris)})")
    by_id = {i.id: i for i in items}
    try:
        guarded = guard(sql, resources.schema, resources.settings.row_cap,
                        resources.settings.max_sql_chars)
        result = execute(guarded, resources.settings.duckdb_path, resources.settings)
    except (SQLRejected, ExecutionError):
        fallback: list[list[Scalar]] = [
            [i.title, i.type_name, i.year, i.number, i.date, i.status or "no marker in title",
             i.url] for i in items]
        return Table(columns=columns, rows=fallback), None
    found = {str(r[0]).removeprefix("https://www.legislation.gov.uk/id/"): r
             for r in result.rows}
    rows: list[list[Scalar]] = []
    for item in items:
        row = found.get(item.id)
        if row is None:
            continue
        _, title, type_name, year, number, date, _status = row
        rows.append([title, type_name, year, number, date, item.status or "no marker in title",
                     by_id[item.id].url])
    return Table(columns=columns, rows=rows), guarded.sql


def _date_mismatch(item: LegislationItem) -> bool:
    """A few Acts carry a Royal Assent date in the source far from their year."""
    return bool(item.date) and item.category == "primary" and \
        abs(int(str(item.date)[:4]) - item.year) > 1


def _describe(item: LegislationItem) -> str:
    when = ""
    if item.date and not _date_mismatch(item):
        when = (f", Royal Assent {item.date}" if item.category == "primary"
                else f", made {item.date}")
    marker = f"; title marked {item.status}" if item.status else ""
    return f"{item.title} ({TYPE_NAMES.get(item.type, item.type_name)} {item.citation}{when}" \
           f"{marker})"


def _legal_datasets(resources: Resources, vector: list[float]) -> list[DatasetHit]:
    """The legal collection's datasets by closeness to the question, whatever thresholds
    general retrieval applies (its small registers would otherwise rarely surface)."""
    collection = resources.retriever.collections.get(DATASETS)
    if collection is None or collection.count() == 0:
        return []
    result = collection.query(query_embeddings=[vector], n_results=10,
                              where={"collection": LEGAL_COLLECTION}, include=["distances"])
    hits = []
    ids = (result.get("ids") or [[]])[0]
    distances = (result.get("distances") or [[]])[0]
    for dataset_id, distance in zip(ids, distances, strict=False):
        info = resources.layer.datasets.get(str(dataset_id))
        if info is not None:
            hits.append(DatasetHit(
                id=info.id, title=info.title, description=info.description,
                publisher=info.publisher, licence=info.licence, url=info.source_url,
                updated=info.updated, collection=info.collection, queryable=info.queryable,
                score=round(1.0 - float(distance), 4)))
    return hits


def _related(resources: Resources, vector: list[float], retrieval: Retrieval | None
             ) -> list[DatasetHit]:
    """Datasets that go with the legislation: those retrieval found and the legal
    collection's, closest first (see `choose_related`)."""
    found = {h.id: h for h in (retrieval.datasets if retrieval else [])}
    for hit in _legal_datasets(resources, vector):
        if hit.id not in found or found[hit.id].score < hit.score:
            found[hit.id] = hit
    return choose_related(list(found.values()))


def choose_related(hits: list[DatasetHit]) -> list[DatasetHit]:
    """The legal collection's datasets when close enough (company register, food hygiene
    ratings, business demography, charities), others only when clearly about the question;
    never the legislation list itself (it is cited anyway). The legal collection's are
    compared among themselves, so a close catalogue entry cannot crowd out the register
    that goes with the law."""
    hits = [h for h in hits if h.id != LEGISLATION_DATASET]
    if not hits:
        return []
    best = max(h.score for h in hits)
    best_legal = max((h.score for h in hits if h.collection == LEGAL_COLLECTION), default=0.0)

    def related(hit: DatasetHit) -> bool:
        if hit.collection == LEGAL_COLLECTION:
            return hit.score >= max(MIN_LEGAL_DATASET_SCORE, best_legal - LEGAL_DATASET_MARGIN)
        return hit.score >= max(MIN_OTHER_DATASET_SCORE, best - OTHER_DATASET_MARGIN)

    close = [h for h in hits if related(h)]
    close.sort(key=lambda h: (h.collection != LEGAL_COLLECTION, -h.score, h.id))
    return close[:MAX_DATASETS]


def _named(hit: DatasetHit) -> str:
    return hit.title if hit.publisher in hit.title else f"{hit.title} ({hit.publisher})"


def _citation(hit: DatasetHit) -> DatasetCitation:
    return DatasetCitation(id=hit.id, title=hit.title, publisher=hit.publisher,
                           licence=hit.licence, url=hit.url, updated=hit.updated)


def _legislation_hit(resources: Resources) -> DatasetHit | None:
    """The legislation list itself, which every legal answer is built from."""
    info = resources.layer.datasets.get(LEGISLATION_DATASET)
    if info is None:
        return None
    store = legislation_store(resources.settings)
    return DatasetHit(id=info.id, title=info.title, description=info.description,
                      publisher=info.publisher, licence=info.licence, url=info.source_url,
                      updated=info.updated or (store.updated.isoformat() if store.updated
                                               else None),
                      collection=info.collection, queryable=info.queryable, score=1.0)


def legal_answer(resources: Resources, question: str, vector: list[float] | None,
                 retrieval: Retrieval | None, figures: Answer | None = None) -> Answer:
    """The legislation that deals with the question (top items with year, type, marker and
    link), the datasets that go with it, and — only when the question asks for numbers and
    the planner answered — its figures. Always carries the legal caveat."""
    store = legislation_store(resources.settings)
    query = read_legal_query(question, store.latest_year)
    page = search_legislation(resources, question, vector, type=query.type,
                              year_from=query.year_from, year_to=query.year_to, limit=SHOWN)
    items = page.items
    caveats = [legal_caveat(resources), COVERAGE_NOTE]
    if vector is None:
        vector = resources.embedder.embed_one(question)
    related = _related(resources, vector, retrieval)
    hits = [h for h in [_legislation_hit(resources)] if h is not None] + related
    sources = [_citation(h) for h in hits]
    scope = query.describe()
    if not items:
        return Answer(
            status="no_answer", intent="legal_search", collection=LEGAL_COLLECTION,
            text=f"I couldn't find {scope} on legislation.gov.uk's list matching that question.",
            caveats=caveats, chart=ChartSpec(kind="none"), datasets=sources, hits=hits,
            suggestions=[Suggestion(text="Which law deals with renters' rights?",
                                    dataset_id=LEGISLATION_DATASET)])
    table, sql = _table(resources, items)
    caveats += [f"legislation.gov.uk lists {i.title} with a Royal Assent date of {i.date}, "
                f"which does not match its year; the date is shown as listed."
                for i in items if _date_mismatch(i)]
    lead = ("Legislation on legislation.gov.uk that deals with this" if scope == "legislation"
            else f"{scope[0].upper()}{scope[1:]} on legislation.gov.uk that deal with this")
    text = f"{lead}: {'; '.join(_describe(i) for i in items[:NAMED])}."
    if len(items) > NAMED:
        text += f" Also: {listing([i.title for i in items[NAMED:]])}."
    if related:
        text += " Related data: " + listing([_named(h) for h in related]) + "."
    text += " Follow the links for the current text and whether, when and where each applies."
    answer = Answer(
        status="answered", text=text, table=table, sql=sql, datasets=sources,
        collection=LEGAL_COLLECTION, caveats=caveats, chart=ChartSpec(kind="none"),
        intent="legal_search", hits=hits,
    )
    if figures is not None and figures.status == "answered" and wants_figures(question):
        answer = _with_figures(answer, figures)
    return answer


def _with_figures(answer: Answer, figures: Answer) -> Answer:
    """Adds the planner's figures (text, headline value, its sources and caveats); the table
    and SQL stay those of the legislation."""
    seen = {d.id for d in answer.datasets}
    return answer.model_copy(update={
        "text": f"{answer.text} Figures: {figures.text}",
        "value": figures.value, "unit": figures.unit,
        "datasets": answer.datasets + [d for d in figures.datasets if d.id not in seen],
        "caveats": list(dict.fromkeys(answer.caveats + figures.caveats)),
    })


def with_legal_caveat(resources: Resources, answer: Answer) -> Answer:
    """The legal caveat on any other answer from the legal collection (first, once)."""
    if answer.collection != LEGAL_COLLECTION:
        return answer
    caveat = legal_caveat(resources)
    if caveat in answer.caveats:
        return answer
    return answer.model_copy(update={"caveats": [caveat, *answer.caveats]})
