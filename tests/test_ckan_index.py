"""Imported catalogue records in the index: `ndl index` adds them to `_ndl_datasets` and
`ndl_datasets` (only changed ones re-embedded), and "where can I find…" questions answer
with their links through the discovery path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from assistant.settings import PROJECT_ROOT, Settings

DATA = PROJECT_ROOT / "data"
IMPORTS = """
imports:
  - name: uk-gov-api-catalogue
    source: raw/catalogues/uk_gov_api_catalogue.csv
    format: api-catalogue
    organisations: raw/catalogues/uk_gov_api_catalogue_organisations.csv
  - name: datagovuk-collections
    source: raw/catalogues/datagovuk_collections
    format: datagovuk-collections
  - name: birmingham-ckan
    source: raw/catalogues/ckan/birmingham_ckan_package_search_purchase_cards.json
    site: https://data.birmingham.gov.uk
"""


@pytest.fixture(scope="module")
def catalogue_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from indexing.build import build_index

    root = tmp_path_factory.mktemp("ndl-catalogue")
    catalogue = root / "data" / "catalogue"
    (catalogue / "datasets").mkdir(parents=True)
    for name in ("places.yaml", "place_names.yaml"):
        shutil.copy(DATA / "catalogue" / "datasets" / name, catalogue / "datasets" / name)
    shutil.copy(DATA / "catalogue" / "collections.yaml", catalogue / "collections.yaml")
    (catalogue / "imports.yaml").write_text(IMPORTS, encoding="utf-8")
    (root / "data" / "raw").symlink_to(DATA / "raw")
    settings = Settings(data_dir=root / "data", build_dir=root / "build")
    build_index(settings)
    return settings


def test_imported_records_are_search_only_datasets(catalogue_index: Settings) -> None:
    with duckdb.connect(str(catalogue_index.duckdb_path), read_only=True) as con:
        rows = {i: json.loads(b) for i, b in con.execute(
            "SELECT id, body FROM _ndl_datasets").fetchall()}
    imported = {i: r for i, r in rows.items() if ":" in i}
    assert len(imported) == 231 + 80 + 10
    assert all(r["queryable"] is False for r in imported.values())
    assert rows["places"]["queryable"] is True
    api = imported["api:companies-house/companies-house"]
    assert api["publisher"] == "Companies House" and api["collection"] == "apis"


def test_only_changed_records_are_re_embedded(catalogue_index: Settings) -> None:
    from indexing.build import build_index
    from indexing.documents import DATASETS
    from indexing.embedding import chroma_client

    assert chroma_client(catalogue_index).get_collection(DATASETS).count() >= 321
    imports = catalogue_index.data_dir / "catalogue" / "imports.yaml"
    original = imports.read_text(encoding="utf-8")
    try:  # drop the Birmingham source: its 10 documents go, nothing is re-embedded
        imports.write_text(original.split("  - name: birmingham-ckan")[0], encoding="utf-8")
        report = build_index(catalogue_index)
        assert (report.embedded, report.removed) == (0, 10)
    finally:
        imports.write_text(original, encoding="utf-8")
        report = build_index(catalogue_index)
    assert report.embedded == 10 and report.removed == 0


def test_where_can_i_find_answers_with_links(catalogue_index: Settings) -> None:
    from assistant.pipeline import Pipeline
    from assistant.resources import Resources

    pipeline = Pipeline(Resources.load(catalogue_index))
    answer = pipeline.answer("Where can I find data on road traffic?")
    assert answer.status == "answered" and answer.intent == "discover"
    hits = {h.id: h for h in answer.hits}
    road = hits.get("dgu-collection:transport/road-traffic")
    assert road is not None and road.queryable is False
    assert road.url == "https://roadtraffic.dft.gov.uk/downloads"
    company = pipeline.answer("Is there data about company information from Companies House?")
    assert any(h.publisher == "Companies House" and h.url for h in company.hits)


def test_a_missing_source_is_a_catalogue_error(tmp_path: Path) -> None:
    from assistant.errors import CatalogueError
    from indexing.catalogue_import import imported_records

    data = tmp_path / "data"
    (data / "catalogue").mkdir(parents=True)
    (data / "catalogue" / "imports.yaml").write_text(
        "imports:\n  - name: gone\n    source: raw/nothing.csv\n", encoding="utf-8")
    with pytest.raises(CatalogueError):
        imported_records(data)
