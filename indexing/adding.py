"""`ndl add` / `ndl remove`: make any aggregated table askable with one command.

`add_dataset` takes a CSV, XLSX or Parquet file (or a CKAN resource URL), checks it, shapes
it into a tidy table (`indexing/tidy.py`), infers its semantic layer exactly as `ndl index`
does, then copies the file to `data/raw/added/`, writes `data/catalogue/added/<id>.yaml` and
rebuilds the index through `build_index` (only the new documents are embedded). Every check
runs on a scratch copy first (`indexing/add_analysis.py`), so a bad file changes nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from assistant.errors import CatalogueError, NotFound
from assistant.settings import Settings
from indexing.add_analysis import analyse, file_kind
from indexing.add_catalogue_entry import spec_yaml
from indexing.add_errors import DuplicateDataset, FileTooLarge, UnsupportedFile
from indexing.add_metadata import ID_RE, Metadata, read_meta
from indexing.add_reports import AddReport, RemoveReport, build_report, built_measures
from indexing.catalogue import DatasetSpec, added_dir, load_dataset_spec
from indexing.download import fetch_url
from indexing.tidy_plan import NotATable, TidyPlan

__all__ = [
    "AddReport", "DuplicateDataset", "FileTooLarge", "Metadata", "RemoveReport",
    "UnsupportedFile", "add_dataset", "read_meta", "remove_dataset", "slug_id",
]

Progress = Callable[[str], None]
RESERVED = {"places", "place_names", "src", "shaped"}


@contextlib.contextmanager
def _locked(settings: Settings) -> Iterator[None]:
    """One add/remove at a time across processes (CLI and server alike)."""
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    with (settings.build_dir / ".ndl-add.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def slug_id(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", Path(text).stem.lower()).strip("_") or "dataset"
    if not slug[0].isalpha():
        slug = "d_" + slug
    return slug[:60].rstrip("_")


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _curated_ids(settings: Settings) -> set[str]:
    folder = settings.data_dir / "catalogue" / "datasets"
    return {load_dataset_spec(p).id for p in folder.glob("*.yaml")}


def _existing(settings: Settings, dataset_id: str) -> DatasetSpec | None:
    path = added_dir(settings.data_dir) / f"{dataset_id}.yaml"
    return load_dataset_spec(path) if path.exists() else None


def _same_request(spec: DatasetSpec, meta: Metadata) -> bool:
    given = {"title": spec.title, "description": spec.description, "publisher": spec.publisher,
             "licence": spec.licence, "url": spec.source_url, "collection": spec.collection}
    return all(getattr(meta, k) in (None, given[k]) for k in given)


def _index(settings: Settings, say: Progress) -> None:
    from indexing.build import build_index

    build_index(settings, say=say)


def add_dataset(settings: Settings, source: str | Path, meta: Metadata | None = None, *,
                replace: bool = False, rebuild: bool = True, original_name: str | None = None,
                say: Progress = lambda _: None) -> AddReport:
    """Add one file (or URL) as a dataset; see the module docstring. Raises a
    `CatalogueError` subclass, changing nothing, when the file cannot be added."""
    started = time.perf_counter()
    meta = meta or Metadata()
    with tempfile.TemporaryDirectory(prefix="ndl-add-") as tmp, _locked(settings):
        staging = Path(tmp)
        path, meta, name = _obtain(settings, source, meta, staging, original_name)
        kind = file_kind(Path(name))
        dataset_id = _checked_id(settings, meta.id or slug_id(name))
        digest = _digest(path)
        existing = _existing(settings, dataset_id)
        if existing is not None:
            if existing.sha256 == digest and _same_request(existing, meta):
                return _unchanged(settings, existing, rebuild, started, say)
            if not replace:
                raise DuplicateDataset(
                    f"a different dataset with id {dataset_id!r} was already added; use "
                    "--replace to replace it, or another --id", dataset=dataset_id)
        spec, plan, measures, rows = analyse(settings, staging, path, kind, dataset_id, name,
                                             digest, meta)
        files = _commit(settings, staging, spec, existing)
        status = "replaced" if existing else "added"
        report = build_report(spec, plan, measures, rows, status)
        if rebuild:
            report = _index_added(settings, staging, files, existing, spec, plan, status, say)
        report.seconds = round(time.perf_counter() - started, 2)
        return report


def _obtain(settings: Settings, source: str | Path, meta: Metadata, staging: Path,
            original_name: str | None) -> tuple[Path, Metadata, str]:
    """The local file to add (downloaded first for a URL), its metadata and its file name;
    refuses a missing, empty or too large file."""
    limit = settings.max_upload_mb * 2**20
    if isinstance(source, str) and re.match(r"^https?://", source):
        path, fetched = fetch_url(source, staging, limit)
        meta = meta.merged(fetched)
        original_name = original_name or path.name
    else:
        path = Path(source)
        if not path.is_file():
            raise NotFound(f"no such file: {source}", path=str(source))
    name = Path(original_name or path.name).name
    size = path.stat().st_size
    if size > limit:
        raise FileTooLarge(f"{name} is {size / 2**20:.1f} MB; the limit is "
                           f"{settings.max_upload_mb} MB (NDL_MAX_UPLOAD_MB)",
                           size=size, max_bytes=limit)
    if size == 0:
        raise NotATable(f"{name} is empty")
    return path, meta, name


def _checked_id(settings: Settings, dataset_id: str) -> str:
    """The id, if it is well formed, not reserved and not a curated dataset's."""
    if not ID_RE.match(dataset_id) or dataset_id.startswith("_ndl") \
            or dataset_id in RESERVED:
        raise CatalogueError(f"dataset id {dataset_id!r} must be snake_case (a-z, 0-9, _), "
                             "start with a letter and not be a reserved name",
                             dataset=dataset_id)
    if dataset_id in _curated_ids(settings):
        raise DuplicateDataset(f"{dataset_id!r} is a curated dataset; choose another --id",
                               dataset=dataset_id)
    return dataset_id


def _index_added(settings: Settings, staging: Path, written: list[Path],
                 existing: DatasetSpec | None, spec: DatasetSpec, plan: TidyPlan,
                 status: str, say: Progress) -> AddReport:
    """Rebuild the index with the new dataset (rolling data/ back if that fails) and report
    the measures as the built index holds them."""
    try:
        _index(settings, say)
    except Exception:
        _rollback(settings, staging, written, existing, say)
        raise
    measures, rows = built_measures(settings, spec.id)
    report = build_report(spec, plan, measures, rows, status)
    report.indexed = True
    return report


def _unchanged(settings: Settings, spec: DatasetSpec, rebuild: bool, started: float,
               say: Progress) -> AddReport:
    indexed = False
    if rebuild:
        try:
            measures, rows = built_measures(settings, spec.id)
        except duckdb.Error:
            measures, rows = [], 0
        if not measures:
            _index(settings, say)
            measures, rows = built_measures(settings, spec.id)
        indexed = True
    else:
        measures, rows = [], 0
    report = build_report(spec, None, measures, rows, "unchanged")
    report.indexed = indexed
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _commit(settings: Settings, staging: Path, spec: DatasetSpec, existing: DatasetSpec | None
            ) -> list[Path]:
    """Move the checked files into data/ (keeping the old ones aside for a rollback)."""
    raw = settings.data_dir / "raw"
    (raw / "added").mkdir(parents=True, exist_ok=True)
    catalogue = added_dir(settings.data_dir)
    catalogue.mkdir(parents=True, exist_ok=True)
    backup = staging / "backup"
    backup.mkdir()
    if existing is not None:
        for name in existing.files:
            if (raw / name).exists():
                shutil.move(str(raw / name), backup / Path(name).name)
        shutil.move(str(catalogue / f"{existing.id}.yaml"), backup / f"{existing.id}.yaml")
    written = []
    for name in spec.files:
        target = raw / name
        shutil.copyfile(staging / "raw" / name, target)
        written.append(target)
    yaml_path = catalogue / f"{spec.id}.yaml"
    yaml_path.write_text(spec_yaml(spec), encoding="utf-8")
    written.append(yaml_path)
    return written


def _rollback(settings: Settings, staging: Path, written: list[Path],
              existing: DatasetSpec | None, say: Progress) -> None:
    """Put data/ back as it was (the replaced dataset included) and rebuild from it."""
    for path in written:
        path.unlink(missing_ok=True)
    backup = staging / "backup"
    if existing is not None:
        raw = settings.data_dir / "raw"
        for name in existing.files:
            if (backup / Path(name).name).exists():
                shutil.move(str(backup / Path(name).name), raw / name)
        shutil.move(str(backup / f"{existing.id}.yaml"),
                    added_dir(settings.data_dir) / f"{existing.id}.yaml")
    with contextlib.suppress(Exception):
        _index(settings, say)



def remove_dataset(settings: Settings, dataset_id: str, *, rebuild: bool = True,
                   say: Progress = lambda _: None) -> RemoveReport:
    """Take an added dataset out again: its files, catalogue entry, table and documents."""
    started = time.perf_counter()
    with _locked(settings):
        spec = _existing(settings, dataset_id)
        if spec is None:
            if dataset_id in _curated_ids(settings):
                raise CatalogueError(
                    f"{dataset_id!r} is curated; remove its file from data/catalogue/datasets "
                    "instead", dataset=dataset_id)
            raise NotFound(f"no added dataset with id {dataset_id!r}", dataset=dataset_id)
        raw = settings.data_dir / "raw"
        removed = []
        for name in spec.files:
            if (raw / name).exists():
                (raw / name).unlink()
                removed.append(f"data/raw/{name}")
        (added_dir(settings.data_dir) / f"{dataset_id}.yaml").unlink()
        removed.append(f"data/catalogue/added/{dataset_id}.yaml")
        if rebuild:
            _index(settings, say)
        return RemoveReport(id=dataset_id, removed_files=removed, indexed=rebuild,
                            seconds=round(time.perf_counter() - started, 2))
