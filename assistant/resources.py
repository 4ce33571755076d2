"""Everything the pipeline reads, loaded once per process: semantic layer, gazetteer,
guard schema, embedding model and Chroma collections.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import duckdb

from assistant.errors import IndexNotBuilt
from assistant.geography import Gazetteer, Place
from assistant.guard import Schema
from assistant.retrieval import Retriever
from assistant.semantic import CollectionInfo, DatasetInfo, Measure, SemanticLayer
from assistant.settings import Settings
from indexing.documents import COLLECTIONS, DATASETS, MEASURES
from indexing.embedding import Embedder, chroma_client, get_collection, get_embedder


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[Any]:
    return [json.loads(body) for (body,) in con.execute(f"SELECT body FROM {table}").fetchall()]


def load_layer(con: duckdb.DuckDBPyConnection) -> SemanticLayer:
    datasets = {d["id"]: DatasetInfo.model_validate(d) for d in _rows(con, "_ndl_datasets")}
    return SemanticLayer(
        measures=[Measure.model_validate(m) for m in _rows(con, "_ndl_measures")],
        datasets=datasets,
        collections=[CollectionInfo.model_validate(c) for c in _rows(con, "_ndl_collections")],
    )


def local_places(con: duckdb.DuckDBPyConnection, layer: SemanticLayer) -> list[Place]:
    """Named places of tables whose areas are not in the places lookup (weather stations)."""
    out: dict[str, Place] = {}
    for m in layer.measures:
        if m.geo_column and m.area_name_column and not m.geo_levels and m.table not in out:
            rows = con.execute(f'SELECT DISTINCT "{m.geo_column}", "{m.area_name_column}" '
                               f'FROM "{m.table}"').fetchall()
            level = "station" if "station" in m.geo_column else "local"
            out.update({str(code): Place(code=str(code), name=str(name), level=level)
                        for code, name in rows if code is not None and name})
    return list(out.values())


def table_areas(con: duckdb.DuckDBPyConnection, layer: SemanticLayer) -> dict[str, set[str]]:
    """Area codes present in each table, so the planner knows what it can answer."""
    out: dict[str, set[str]] = {}
    for m in layer.measures:
        if m.geo_column and m.table not in out:
            rows = con.execute(f'SELECT DISTINCT "{m.geo_column}" FROM "{m.table}"').fetchall()
            out[m.table] = {str(r[0]) for r in rows if r[0] is not None}
    return out


@dataclass
class Resources:
    settings: Settings
    layer: SemanticLayer
    gazetteer: Gazetteer
    areas: dict[str, set[str]]
    schema: Schema
    embedder: Embedder
    retriever: Retriever

    @classmethod
    def load(cls, settings: Settings) -> Resources:
        if not settings.duckdb_path.exists():
            raise IndexNotBuilt("The index has not been built yet: run `ndl index`.")
        with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
            layer = load_layer(con)
            gazetteer = Gazetteer.from_connection(con)
            gazetteer.add_local(local_places(con, layer))
            areas = table_areas(con, layer)
            schema = Schema.from_connection(con)
        client = chroma_client(settings)
        collections = {n: get_collection(client, n) for n in (COLLECTIONS, DATASETS, MEASURES)}
        embedder = get_embedder(settings.embedding_model)
        return cls(settings=settings, layer=layer, gazetteer=gazetteer, areas=areas,
                   schema=schema, embedder=embedder,
                   retriever=Retriever(layer, collections, english=embedder.words()))
