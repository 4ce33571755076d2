"""The bundled catalogue is complete and honest: every dataset loads to the columns it
documents, cites a publisher and licence, and every source file has its provenance."""

from __future__ import annotations

import duckdb
import pytest

from assistant.settings import PROJECT_ROOT
from indexing.catalogue import DatasetSpec, load_catalogue
from indexing.loading import load_dataset, table_columns

DATA = PROJECT_ROOT / "data"
CATALOGUE = load_catalogue(DATA)
COLLECTIONS = {c.id for c in CATALOGUE.collections}


@pytest.fixture(scope="module")
def loaded() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for spec in CATALOGUE.datasets:
        load_dataset(con, spec, DATA / "raw")
    return con


@pytest.mark.parametrize("spec", CATALOGUE.datasets, ids=lambda s: s.id)
def test_metadata_is_complete(spec: DatasetSpec) -> None:
    assert spec.title and spec.publisher and spec.licence
    assert spec.collection in COLLECTIONS
    if spec.collection != "reference":
        assert spec.description and spec.source_url
    for name in spec.files:
        assert (DATA / "raw" / name).exists(), name


@pytest.mark.parametrize("spec", CATALOGUE.datasets, ids=lambda s: s.id)
def test_loads_to_documented_columns(loaded: duckdb.DuckDBPyConnection,
                                     spec: DatasetSpec) -> None:
    assert [n for n, _ in table_columns(loaded, spec.id)] == [c.name for c in spec.columns]


def test_every_raw_file_has_provenance() -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (DATA / "sources").glob("*.md"))
    missing = [p.name for p in (DATA / "raw").iterdir() if p.name not in sources]
    assert not missing, f"raw files without a provenance entry: {missing}"


def test_six_themes_have_data() -> None:
    themes = {"early-years", "energy", "health", "social-care", "legal", "climate"}
    assert themes <= {d.collection for d in CATALOGUE.datasets}
