"""The staged index behind a fast cold start: core first, the bulk finished in background."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings
from indexing import background
from indexing.build import build_core, build_index
from indexing.documents import DATASETS
from indexing.embedding import chroma_client, get_collection

DATA = PROJECT_ROOT / "data"
IMPORTS = """imports:
  - name: datagovuk-ckan-sample
    source: raw/catalogues/ckan/data_gov_uk_ckan_packages_sample.jsonl
    format: ckan
    site: https://www.data.gov.uk
    prefix: dgu
"""


@pytest.fixture
def staged(tmp_path: Path) -> Settings:
    """Places, one queryable dataset and 178 real data.gov.uk records to search."""
    catalogue = tmp_path / "data" / "catalogue"
    (catalogue / "datasets").mkdir(parents=True)
    for name in ("places", "place_names", "fuel_poverty_2021"):
        shutil.copy(DATA / "catalogue" / "datasets" / f"{name}.yaml", catalogue / "datasets")
    shutil.copy(DATA / "catalogue" / "collections.yaml", catalogue / "collections.yaml")
    (catalogue / "imports.yaml").write_text(IMPORTS, encoding="utf-8")
    (tmp_path / "data" / "raw").symlink_to(DATA / "raw")
    return Settings(data_dir=tmp_path / "data", build_dir=tmp_path / "build")


def _dataset_docs(settings: Settings) -> list[str]:
    collection = get_collection(chroma_client(settings), DATASETS)
    return list(collection.get()["ids"])


def test_core_stage_embeds_only_queryable_datasets(staged: Settings) -> None:
    build_core(staged)
    ids = _dataset_docs(staged)
    assert "fuel_poverty_2021" in ids
    assert not any(i.startswith("dgu:") for i in ids)


def test_background_job_finishes_the_search_index(staged: Settings) -> None:
    build_index(staged, stage="core")
    progress = background.IndexProgress()
    done: list[bool] = []
    background.start(staged, on_done=lambda: done.append(True), progress=progress).join()
    assert progress.state == "done" and done == [True]
    assert progress.done == progress.total > 100
    assert background.search_index_state(progress) == "complete"
    ids = _dataset_docs(staged)
    assert "fuel_poverty_2021" in ids and sum(i.startswith("dgu:") for i in ids) > 100


def test_full_build_after_background_embeds_nothing_new(staged: Settings) -> None:
    build_index(staged)
    again = build_index(staged)
    assert again.embedded == 0 and again.removed == 0


def test_progress_is_reported_while_running() -> None:
    progress = background.IndexProgress(state="running", done=5, total=20)
    assert background.search_index_state(progress) == "building: 5 of 20 search documents indexed"
    failed = background.IndexProgress(state="failed", error="OSError: disk full")
    assert background.search_index_state(failed) == "failed: OSError: disk full"
