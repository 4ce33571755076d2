"""Legal answers for businesses: which legislation deals with a question, and which
datasets go with it — information about legislation, never legal advice.

`assistant.legal_wording` reads the wording ("which law…", "do I have to…", "regulations made
since 2023…"); `legal_answer` searches the legislation list (`assistant.legislation`),
runs the guarded SQL that reads the items it found, and cites the related datasets that
retrieval found. Counting questions about legislation ("how many SIs in 2024?") are left
to the planner.
"""

from __future__ import annotations

from assistant.errors import ExecutionError, SQLRejected
from assistant.execution import execute
from assistant.formatting import listing, lower_first
from assistant.guard import guard
from assistant.legal_subjects import SubjectMatch
from assistant.legal_wording import (
    LegalQuery,
    about_own_business,
    is_legal_search,
    read_legal_query,
    reads_as_rules,
    wants_figures,
)
from assistant.legislation import (
    COVERAGE_NOTE,
    LEGAL_CAVEAT,
    TYPE_NAMES,
    LegislationItem,
    legal_caveat,
    legislation_store,
    search_legislation,
)
from assistant.legislation_ranking import subjects_for
from assistant.models import (
    Answer,
    ChartSpec,
    DatasetCitation,
    DatasetHit,
    Scalar,
    Suggestion,
    Table,
)
from assistant.resources import Resources
from assistant.retrieval import Retrieval

__all__ = [
    "LEGAL_CAVEAT",
    "LegalQuery",
    "asks_about_rules",
    "choose_related",
    "is_legal_search",
    "legal_answer",
    "legal_caveat",
    "legal_fallback",
    "read_legal_query",
    "reads_as_rules",
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
LEGAL_DATASETS = 10  # the legal collection's datasets compared with the question
# The legislation answers an owner's question about rules that no data answers only when its
# best match scores at least this: under the best match of every dev question (0.83 and up),
# above the far-fetched matches of everyday questions that are not about law (0.6–0.76).
CONFIDENT = 0.8
# ... or when the question is close to an area of the subject index: every everyday question
# of the planner's eval sets that an owner could word this way stays under it.
SUBJECT_CONFIDENT = 0.55
# Closer still, a rules question goes to the law even when the planner found some figures
# ('do I have to put my staff into a pension?' is not a question about pension liabilities).
SUBJECT_ROUTE = 0.65


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
    general retrieval applies (its small registers would otherwise rarely surface). They are
    all queryable, so they are compared in memory with the vectors retrieval keeps."""
    vectors = resources.retriever.queryable_datasets()
    hits = []
    for dataset_id, similarity in vectors.nearest(vector, len(vectors.ids)):
        info = resources.layer.datasets.get(dataset_id)
        if info is not None and info.collection == LEGAL_COLLECTION:
            hits.append(DatasetHit(
                id=info.id, title=info.title, description=info.description,
                publisher=info.publisher, licence=info.licence, url=info.source_url,
                updated=info.updated, collection=info.collection, queryable=info.queryable,
                score=round(similarity, 4)))
    return hits[:LEGAL_DATASETS]


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


def asks_about_rules(resources: Resources, question: str, vector: list[float]) -> bool:
    """An owner's question about what they must or may do ('do I have to put my staff into a
    pension?') close to an area of business law: the law answers it, whatever the data has."""
    if not reads_as_rules(question):
        return False
    store = legislation_store(resources.settings)
    subjects = subjects_for(resources.settings, store, question, vector)
    return bool(subjects) and subjects[0].score >= SUBJECT_ROUTE


def legal_fallback(resources: Resources, question: str, vector: list[float] | None,
                   retrieval: Retrieval | None) -> Answer | None:
    """The legislation for an owner's question about rules in their business that the data
    could not answer ("do I have to…", "can I…"), when the search finds a close match; None
    otherwise (the planner's 'no data' answer stands)."""
    rules, own = reads_as_rules(question), about_own_business(question)
    if not (rules or own):
        return None
    if vector is None:
        vector = resources.embedder.embed_one(question)
    store = legislation_store(resources.settings)
    subjects = subjects_for(resources.settings, store, question, vector)
    if subjects and subjects[0].score >= SUBJECT_CONFIDENT:
        answer = legal_answer(resources, question, vector, retrieval, subjects=subjects)
    elif rules and own:
        answer = legal_answer(resources, question, vector, retrieval, min_score=CONFIDENT,
                              subjects=subjects)
    else:
        return None
    return answer if answer.status == "answered" else None


def legal_answer(resources: Resources, question: str, vector: list[float] | None,
                 retrieval: Retrieval | None, figures: Answer | None = None,
                 min_score: float | None = None,
                 subjects: list[SubjectMatch] | None = None) -> Answer:
    """The legislation that deals with the question (top items with year, type, marker and
    link), the datasets that go with it, and — only when the question asks for numbers and
    the planner answered — its figures. Always carries the legal caveat. With `min_score`,
    a best match below it counts as no match."""
    store = legislation_store(resources.settings)
    query = read_legal_query(question, store.latest_year)
    if vector is None:
        vector = resources.embedder.embed_one(question)
    if subjects is None:
        subjects = subjects_for(resources.settings, store, question, vector)
    page = search_legislation(resources, question, vector, type=query.type,
                              year_from=query.year_from, year_to=query.year_to, limit=SHOWN,
                              subjects=subjects)
    items = page.items
    if items and min_score is not None and (items[0].score or 0.0) < min_score:
        items = []
    caveats = [legal_caveat(resources), COVERAGE_NOTE, *_unlisted(subjects)]
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
    about = f"This reads as a question about {lower_first(subjects[0].subject.title)}. " \
        if subjects else ""
    text = f"{about}{lead}: {'; '.join(_describe(i) for i in items[:NAMED])}."
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


def _unlisted(subjects: list[SubjectMatch]) -> list[str]:
    """Say so when the main law of the subject asked about is not in the list at all."""
    return [f"The main law on {lower_first(m.subject.title)} is not in the list held here "
            f"(Acts before 1960 and regulations made before 2023 are not included); "
            f"legislation.gov.uk has it." for m in subjects[:1] if not m.subject.legislation]


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
