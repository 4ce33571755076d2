"""Adds the uncurated test datasets (tests/data/) with `ndl add`'s code, for the uncurated
eval cases (evals/cases/uncurated.yaml, `curated: false`) and the tests.

    python -m evals.setup_uncurated --root /tmp/ndl-uncurated
    NDL_DATA_DIR=/tmp/ndl-uncurated/data NDL_BUILD_DIR=/tmp/ndl-uncurated/build ndl eval

`--root` gets a data directory that links to the bundled catalogue and raw files (the
repository's data/ is never written to) plus the added datasets, and a build directory
with the index. Pass `--data-dir/--build-dir` instead to add them to an existing pair.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb

from assistant.settings import PROJECT_ROOT, Settings
from indexing.adding import AddReport, Metadata, add_dataset, read_meta

TEST_DATA = PROJECT_ROOT / "tests" / "data"

# (file in tests/data, metadata file or None, dataset id)
UNCURATED: tuple[tuple[str, str | None, str], ...] = (
    ("children-in-relative-poverty.csv", "children-in-relative-poverty.metadata.json",
     "children_relative_poverty"),
    ("persistent-absences-for-pupils-eligible-for-free-school-meals.csv",
     "persistent-absences-for-pupils-eligible-for-free-school-meals.metadata.json",
     "fsm_persistent_absence"),
    ("fuel_poverty_pct_households_by_la_2010_2019.csv", None, "fuel_poverty_wide_2010_2019"),
    ("ons_census2021_population_by_lad_2011_2021.csv", None, "census_population_wide"),
    ("mmr1-coverage-by-nation.csv", "mmr1-coverage-by-nations.json", "mmr1_coverage_by_nation"),
    ("average-house-prices.xlsx", "average-house-prices.json", "house_prices_monthly"),
    ("car-driving-tests-millions-2007-2025-fys.csv", "car-driving-tests-2007-2025-fys.json",
     "driving_tests_by_fy"),
    ("live-births-england-and-wales-1938-2025.parquet",
     "live-births-england-and-wales-1938-2025.json", "live_births_annual"),
)


def overlay(source: Path, target: Path, keep: Callable[[Path], bool] = lambda _: True) -> Path:
    """A data dir whose curated catalogue and raw files link to `source` (so `ndl add` can
    write its own files under it); returns the new data dir."""
    catalogue = target / "catalogue"
    (catalogue / "datasets").mkdir(parents=True, exist_ok=True)
    for path in sorted((source / "catalogue" / "datasets").glob("*.yaml")):
        if keep(path):
            shutil.copy(path, catalogue / "datasets" / path.name)
    for path in sorted((source / "catalogue").iterdir()):  # collections, imports, …
        if path.is_file() and not (catalogue / path.name).exists():
            shutil.copy(path, catalogue / path.name)
    for path in sorted(source.iterdir()):  # sources/ and anything else beside them
        if path.name not in {"catalogue", "raw"} and not (target / path.name).exists():
            (target / path.name).symlink_to(path.resolve())
    raw = target / "raw"
    raw.mkdir(exist_ok=True)
    for path in sorted((source / "raw").iterdir()):
        if path.name != "added" and not (raw / path.name).exists():
            (raw / path.name).symlink_to(path.resolve())
    return target


def _parquet(name: str, folder: Path) -> Path:
    """The Parquet fixture is written from its CSV extract in tests/data (same values)."""
    target = folder / name
    source = TEST_DATA / name.replace(".parquet", ".csv")
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT * FROM read_csv('{source}', header=true)) TO '{target}' "
                    "(FORMAT parquet)")
    return target


def add_uncurated(settings: Settings, which: Iterable[str] | None = None,
                  say: Callable[[str], None] = lambda _: None) -> list[AddReport]:
    """Add the datasets (all, or those ids), rebuilding the index once at the end."""
    chosen = [u for u in UNCURATED if which is None or u[2] in set(which)]
    reports = []
    with tempfile.TemporaryDirectory(prefix="ndl-uncurated-") as tmp:
        for i, (name, meta_file, dataset_id) in enumerate(chosen):
            path = _parquet(name, Path(tmp)) if name.endswith(".parquet") else TEST_DATA / name
            meta = read_meta(TEST_DATA / meta_file) if meta_file else Metadata()
            meta = Metadata(id=dataset_id).merged(meta)
            reports.append(add_dataset(settings, path, meta, rebuild=i == len(chosen) - 1,
                                       say=say))
    return reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, help="new data/ and build/ go here")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--build-dir", type=Path)
    args = parser.parse_args()
    if args.root:
        data_dir = overlay(PROJECT_ROOT / "data", args.root / "data")
        build_dir = args.root / "build"
    elif args.data_dir and args.build_dir:
        data_dir, build_dir = args.data_dir, args.build_dir
    else:
        parser.error("give --root, or --data-dir and --build-dir")
    settings = Settings(data_dir=data_dir, build_dir=build_dir)
    for report in add_uncurated(settings, say=print):
        print(f"{report.status} {report.id}: {len(report.measures)} measure(s), "
              f"{report.rows} rows")
    print(f"\nNDL_DATA_DIR={data_dir} NDL_BUILD_DIR={build_dir} ndl eval --verbose")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
