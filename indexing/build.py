"""`ndl index`: load, profile, infer, then embed only what changed.

DuckDB is rebuilt into a temporary file and swapped in atomically, so a server reading the
old file never sees a half-built one; Chroma documents are upserted by content digest.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from typing import Any, Literal

import duckdb
from pydantic import BaseModel, Field

from assistant.semantic import CollectionInfo, DatasetInfo, Measure
from assistant.settings import Settings
from indexing.catalogue import Catalogue, DatasetSpec, load_catalogue
from indexing.catalogue_import import imported_datasets  # catalogue imports
from indexing.documents import (
    COLLECTIONS,
    DATASETS,
    MEASURES,
    Document,
    collection_document,
    dataset_document,
    measure_document,
)
from indexing.embedding import chroma_client, get_collection, get_embedder
from indexing.extra import BULK_BUILDERS, CORE_BUILDERS, Builder
from indexing.inference import infer_measures
from indexing.loading import load_dataset
from indexing.profiling import TableProfile, profile_table

Progress = Callable[[str], None]
Advance = Callable[[int], None]
Stage = Literal["core", "all"]


class BuildReport(BaseModel):
    tables: dict[str, int] = Field(default_factory=dict)
    measures: int = 0
    embedded: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0


def dataset_info(spec: DatasetSpec, profile: TableProfile) -> DatasetInfo:
    columns = [
        {"name": c.name, "type": c.type,
         "description": (spec.column(c.name).description if spec.column(c.name) else ""),  # type: ignore[union-attr]
         "unit": (spec.column(c.name).unit if spec.column(c.name) else None)}  # type: ignore[union-attr]
        for c in profile.columns
    ]
    return DatasetInfo(
        id=spec.id, title=spec.title, description=spec.description.strip(),
        publisher=spec.publisher, licence=spec.licence, licence_url=spec.licence_url,
        source_url=spec.source_url, updated=spec.updated, collection=spec.collection,
        geography_level=spec.geography_level, time_coverage=spec.time_coverage,
        caveats=spec.caveats, synonyms=spec.synonyms, columns=columns, rows=profile.rows,
    )


def _collections(catalogue: Catalogue, infos: list[DatasetInfo]) -> list[CollectionInfo]:
    return [
        CollectionInfo(
            id=c.id, title=c.title, description=c.description, examples=c.examples,
            dataset_ids=[d.id for d in infos if d.collection == c.id],
        )
        for c in catalogue.collections
    ]


def _write_meta(con: duckdb.DuckDBPyConnection, name: str, rows: list[tuple[str, str]]) -> None:
    con.execute(f"CREATE OR REPLACE TABLE {name} (id VARCHAR PRIMARY KEY, body JSON)")
    if rows:  # one statement for all rows: executemany is slow for 10k+ records
        ids, bodies = [r[0] for r in rows], [r[1] for r in rows]
        con.execute(f"INSERT INTO {name} SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[])",
                    [ids, bodies])


def build_duckdb(settings: Settings, catalogue: Catalogue, say: Progress
                 ) -> tuple[list[DatasetInfo], list[Measure], list[CollectionInfo], BuildReport]:
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    tmp = settings.duckdb_path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    report = BuildReport()
    infos: list[DatasetInfo] = []
    measures: list[Measure] = []
    raw = settings.data_dir / "raw"
    with duckdb.connect(str(tmp)) as con:
        for spec in catalogue.datasets:
            report.tables[spec.id] = load_dataset(con, spec, raw)
            profile = profile_table(con, spec.id)
            infos.append(dataset_info(spec, profile))
            measures.extend(infer_measures(con, spec, profile))
            say(f"loaded {spec.id}: {report.tables[spec.id]} rows")
        # --- catalogue imports (indexing/catalogue_import.py) -----------------------------
        # Search-only datasets from other catalogues (queryable=False, no table): listed in
        # data/catalogue/imports.yaml or written by `ndl catalogue import`.
        infos.extend(imported_datasets(settings, say))
        # ----------------------------------------------------------------------------------
        collections = _collections(catalogue, infos)
        _write_meta(con, "_ndl_datasets", [(d.id, d.model_dump_json()) for d in infos])
        _write_meta(con, "_ndl_measures", [(m.id, m.model_dump_json()) for m in measures])
        _write_meta(con, "_ndl_collections", [(c.id, c.model_dump_json()) for c in collections])
        _write_meta(con, "_ndl_build", [("built_at", json.dumps(time.time()))])
    os.replace(tmp, settings.duckdb_path)
    report.measures = len(measures)
    return infos, measures, collections, report


EMBED_CHUNK = 512  # documents embedded and upserted per step, so progress can be reported


def _known_digests(collection: Any) -> dict[str, Any]:
    existing = collection.get(include=["metadatas"])
    metadatas = existing["metadatas"] or []
    return {i: (m or {}).get("digest") for i, m in zip(existing["ids"], metadatas, strict=False)}


def _sync(client: Any, name: str, docs: list[Document], settings: Settings,
          report: BuildReport, *, prune: bool = True, advance: Advance = lambda _: None) -> None:
    """Upsert changed documents, delete vanished ones (when pruning), leave the rest alone."""
    collection = get_collection(client, name)
    known = _known_digests(collection)
    changed = [d for d in docs if known.get(d.id) != d.digest]
    stale = sorted(set(known) - {d.id for d in docs}) if prune else []
    if stale:
        collection.delete(ids=stale)
    advance(len(docs) - len(changed))
    for start in range(0, len(changed), EMBED_CHUNK):
        batch = changed[start:start + EMBED_CHUNK]
        collection.upsert(
            ids=[d.id for d in batch], documents=[d.text for d in batch],
            embeddings=get_embedder(settings.embedding_model).embed([d.text for d in batch]),
            metadatas=[{**d.metadata, "digest": d.digest} for d in batch],
        )
        advance(len(batch))
    report.embedded += len(changed)
    report.unchanged += len(docs) - len(changed)
    report.removed += len(stale)


def build_core(settings: Settings, say: Progress = lambda _: None,
               queryable_datasets: bool = True) -> BuildReport:
    """The tables, the semantic layer and the few hundred documents questions need."""
    catalogue = load_catalogue(settings.data_dir)
    infos, measures, collections, report = build_duckdb(settings, catalogue, say)
    by_id = {d.id: d for d in infos}
    client = chroma_client(settings)
    _sync(client, COLLECTIONS, [
        collection_document(c, [by_id[i].title for i in c.dataset_ids]) for c in collections
    ], settings, report)
    if queryable_datasets:  # the search-only catalogue records wait for the bulk stage
        _sync(client, DATASETS, [dataset_document(d, d.synonyms) for d in infos
                                 if d.queryable], settings, report, prune=False)
    _sync(client, MEASURES, [measure_document(m, by_id[m.dataset_id]) for m in measures],
          settings, report)
    _sync_extras(client, settings, CORE_BUILDERS, report)
    return report


def bulk_documents(settings: Settings) -> list[tuple[str, list[Document]]]:
    """Every dataset record (national catalogue included) and the bulk extra collections."""
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        infos = [DatasetInfo.model_validate_json(body) for (body,) in
                 con.execute("SELECT body FROM _ndl_datasets ORDER BY id").fetchall()]
        extras = [builder(settings, con) for builder in BULK_BUILDERS]
    return [(DATASETS, [dataset_document(d, d.synonyms) for d in infos]), *extras]


def build_bulk(settings: Settings, report: BuildReport | None = None,
               advance: Advance = lambda _: None,
               documents: list[tuple[str, list[Document]]] | None = None) -> BuildReport:
    """The thousands of search-only documents; safe to run while the server answers when
    `documents` were read beforehand (the job then never opens DuckDB)."""
    report = report or BuildReport()
    client = chroma_client(settings)
    for name, docs in documents if documents is not None else bulk_documents(settings):
        _sync(client, name, docs, settings, report, advance=advance)
    return report


def _sync_extras(client: Any, settings: Settings, builders: list[Builder],
                 report: BuildReport) -> None:
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        extras = [builder(settings, con) for builder in builders]
    for name, docs in extras:
        _sync(client, name, docs, settings, report)


def build_index(settings: Settings, say: Progress = lambda _: None,
                stage: Stage = "all") -> BuildReport:
    """`ndl index`: core always; bulk too unless the server will finish it in background."""
    started = time.perf_counter()
    report = build_core(settings, say, queryable_datasets=stage == "core")
    if stage == "all":
        build_bulk(settings, report)
    report.seconds = round(time.perf_counter() - started, 2)
    say(f"embedded {report.embedded}, unchanged {report.unchanged}, removed {report.removed}")
    return report
