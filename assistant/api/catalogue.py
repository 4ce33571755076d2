"""Catalogue views for the API: dataset and collection summaries, search pages, detail.

Reads only the semantic layer, the retriever and the guarded execution path; never the
database directly, so sample rows obey the same guard, limits and suppression as answers.
"""

from __future__ import annotations

import sqlglot

from assistant.api.schemas import (
    CollectionDetail,
    CollectionSummary,
    ColumnInfo,
    Coverage,
    DatasetDetail,
    DatasetSummary,
    MeasureInfo,
    SampleRows,
)
from assistant.disclosure import count_outputs, suppress
from assistant.errors import ExecutionError, NotFound, SQLRejected
from assistant.execution import execute
from assistant.guard import DIALECT, guard
from assistant.models import DatasetHit
from assistant.resources import Resources
from assistant.retrieval import tokens
from assistant.semantic import CollectionInfo, DatasetInfo, Measure, SemanticLayer

SAMPLE_ROWS = 10
SEARCH_POOL = 100
WORD_BONUS = 0.3


def dataset_summary(info: DatasetInfo, score: float | None = None) -> DatasetSummary:
    return DatasetSummary(
        id=info.id, title=info.title, description=info.description.strip(),
        publisher=info.publisher, licence=info.licence, licence_url=info.licence_url,
        url=info.source_url, updated=info.updated, collection=info.collection,
        time_coverage=info.time_coverage, geography=info.geography_level,
        queryable=info.queryable, rows=info.rows, score=score, href=f"/v1/datasets/{info.id}")


def all_datasets(layer: SemanticLayer) -> list[DatasetSummary]:
    """Every dataset, in a stable order (by title)."""
    return sorted((dataset_summary(d) for d in layer.datasets.values()),
                  key=lambda d: d.title.lower())


def search_datasets(res: Resources, q: str, k: int) -> list[DatasetSummary]:
    """The `k` datasets nearest in meaning to `q`, best first.

    Semantic similarity decides; a small bonus for the query's words in a dataset's title
    or synonyms settles close calls ('cold homes' is a synonym of fuel poverty). Ranking
    a fixed pool of candidates keeps pages consistent as `offset` grows.
    """
    pool = min(len(res.layer.datasets), max(k, SEARCH_POOL))
    hits: list[DatasetHit] = res.retriever.datasets(res.embedder.embed_one(q), pool)
    asked = tokens(q)
    scored = [(h.score + _word_bonus(asked, res.retriever.dataset_words.get(h.id, set())), h)
              for h in hits if h.id in res.layer.datasets]
    scored.sort(key=lambda pair: -pair[0])
    return [dataset_summary(res.layer.datasets[h.id], round(score, 4))
            for score, h in scored[:k]]


def _word_bonus(asked: set[str], words: set[str]) -> float:
    return WORD_BONUS * len(asked & words) / len(asked) if asked else 0.0


def find_collection(layer: SemanticLayer, collection_id: str) -> CollectionInfo:
    found = next((c for c in layer.collections if c.id == collection_id), None)
    if found is None:
        raise NotFound(f"There is no collection with the id '{collection_id[:100]}'.",
                       collection_id=collection_id[:100])
    return found


def collection_summary(info: CollectionInfo) -> CollectionSummary:
    return CollectionSummary(
        id=info.id, title=info.title, description=info.description.strip(),
        examples=info.examples, dataset_ids=info.dataset_ids,
        dataset_count=len(info.dataset_ids), href=f"/v1/collections/{info.id}")


def collection_detail(layer: SemanticLayer, info: CollectionInfo) -> CollectionDetail:
    datasets = [dataset_summary(layer.datasets[i]) for i in info.dataset_ids
                if i in layer.datasets]
    return CollectionDetail(id=info.id, title=info.title, description=info.description.strip(),
                            examples=info.examples, datasets=datasets)


def find_dataset(layer: SemanticLayer, dataset_id: str) -> DatasetInfo:
    info = layer.datasets.get(dataset_id)
    if info is None:
        raise NotFound(f"There is no dataset with the id '{dataset_id[:100]}'.",
                       dataset_id=dataset_id[:100])
    return info


def measure_info(m: Measure) -> MeasureInfo:
    return MeasureInfo(id=m.id, label=m.label, description=m.description, unit=m.unit,
                       kind=m.kind, polarity=m.polarity, years=m.years,
                       geo_levels=m.geo_levels, breakdowns=[d.column for d in m.dimensions])


def coverage(info: DatasetInfo, measures: list[Measure]) -> Coverage:
    return Coverage(time=info.time_coverage, geography=info.geography_level,
                    years=sorted({y for m in measures for y in m.years}),
                    geo_levels=sorted({g for m in measures for g in m.geo_levels}),
                    areas=max((m.area_count for m in measures), default=0))


def dataset_detail(res: Resources, info: DatasetInfo) -> DatasetDetail:
    measures = res.layer.measures_of(info.id)
    return DatasetDetail(
        **dataset_summary(info).model_dump(),
        caveats=info.caveats,
        columns=[ColumnInfo.model_validate(c) for c in info.columns],
        coverage=coverage(info, measures),
        measures=[measure_info(m) for m in measures],
        sample=sample_rows(res, info.id) if info.queryable else SampleRows(
            message="This dataset is listed in the catalogue only; its rows are not held "
                    "here. See its `url` for the publisher's copy."),
    )


def sample_rows(res: Resources, table: str) -> SampleRows:
    """Up to ten rows, guarded, run read-only and with small counts of people suppressed."""
    sql = f'SELECT * FROM "{table}" LIMIT {SAMPLE_ROWS}'
    counts = res.layer.count_columns()
    try:
        guarded = guard(sql, res.schema, res.settings.row_cap, res.settings.max_sql_chars,
                        count_columns=counts)
        result = execute(guarded, res.settings.duckdb_path, res.settings)
    except (SQLRejected, ExecutionError) as exc:
        return SampleRows(message=f"No sample rows: {exc.message}")
    outputs = count_outputs(sqlglot.parse_one(guarded.sql, dialect=DIALECT), counts)
    result, caveats = suppress(result, outputs, res.settings.suppression_threshold)
    return SampleRows(sql=guarded.sql, columns=result.columns, rows=result.rows,
                      caveats=caveats)
