"""Fixtures that build a small but real index (DuckDB + Chroma + the real model) once per run.

No mocks: the subset of the bundled catalogue used here is loaded, profiled, inferred and
embedded exactly as `ndl index` does for the full one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

DATA = PROJECT_ROOT / "data"
# The datasets the small index holds, named by the source file they load.
FIXTURE_FILES = (
    "desnz_sub_regional_fuel_poverty_2021_by_la.csv",
    "dfe_eyfsp_gld_by_la_2016_2018_three_years.csv",
    "legal_uk_statutory_instruments_2023_2026.csv",
    "fingertips_by_la_life_expectancy.csv",
)


def _fixture_specs() -> list[Path]:
    import yaml

    chosen = []
    for path in sorted((DATA / "catalogue" / "datasets").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        files = spec.get("files") or []
        if spec["id"] in {"places", "place_names"} or any(f in FIXTURE_FILES for f in files):
            chosen.append(path)
    return chosen


@pytest.fixture(scope="session")
def small_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("ndl")
    catalogue = root / "data" / "catalogue"
    (catalogue / "datasets").mkdir(parents=True)
    for path in _fixture_specs():
        shutil.copy(path, catalogue / "datasets" / path.name)
    shutil.copy(DATA / "catalogue" / "collections.yaml", catalogue / "collections.yaml")
    (root / "data" / "raw").symlink_to(DATA / "raw")
    return Settings(data_dir=root / "data", build_dir=root / "build")


@pytest.fixture(scope="session")
def small_index(small_settings: Settings) -> Settings:
    from indexing.build import build_index

    build_index(small_settings)
    return small_settings


@pytest.fixture(scope="session")
def pipeline(small_index: Settings) -> Iterator[object]:
    from assistant.pipeline import Pipeline
    from assistant.resources import Resources

    yield Pipeline(Resources.load(small_index))
