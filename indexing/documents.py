"""Turns collections, datasets and measures into the text documents embedded in Chroma."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel

from assistant.semantic import CollectionInfo, DatasetInfo, Measure

COLLECTIONS = "ndl_collections"
DATASETS = "ndl_datasets"
MEASURES = "ndl_measures"


class Document(BaseModel):
    id: str
    text: str
    metadata: dict[str, str | int | float | bool]

    @property
    def digest(self) -> str:
        return hashlib.sha256((self.text + repr(sorted(self.metadata.items()))).encode()
                              ).hexdigest()[:16]


def collection_document(collection: CollectionInfo, titles: list[str]) -> Document:
    text = f"{collection.title}. {collection.description} Datasets: {'; '.join(titles)}."
    return Document(id=collection.id, text=text, metadata={"collection": collection.id})


def dataset_document(dataset: DatasetInfo, synonyms: list[str]) -> Document:
    parts = [dataset.title + ".", dataset.description, f"Published by {dataset.publisher}."]
    if synonyms:
        parts.append("Also known as: " + ", ".join(synonyms) + ".")
    if dataset.geography_level:
        parts.append(f"Geography: {dataset.geography_level}.")
    return Document(
        id=dataset.id, text=" ".join(p for p in parts if p),
        metadata={"dataset_id": dataset.id, "collection": dataset.collection,
                  "queryable": dataset.queryable},
    )


def measure_document(measure: Measure, dataset: DatasetInfo) -> Document:
    synonyms = measure.synonyms + dataset.synonyms
    breakdowns = "; ".join(
        f"{d.label}: {', '.join(d.values[:12])}" for d in measure.dimensions
    )
    parts = [
        measure.label + ".",
        measure.description,
        ("Also called: " + ", ".join(synonyms) + ".") if synonyms else "",
        f"Unit: {measure.unit}." if measure.unit else "",
        f"Breakdowns: {breakdowns}." if breakdowns else "",
        f"From: {dataset.title}.",
    ]
    return Document(
        id=measure.id, text=" ".join(p for p in parts if p),
        metadata={"dataset_id": measure.dataset_id, "collection": dataset.collection},
    )
