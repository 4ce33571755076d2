"""`ndl add` end to end: real files from tests/data (see its README) are added to a small
real index, then value, comparison, ranking and trend questions go through the Pipeline and
their figures are checked against the files themselves, read independently of the tidy
SQL. Bad files must be refused with a clear error and leave everything as it was."""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml
from fastapi.testclient import TestClient

from assistant.cli import main as ndl
from assistant.errors import CatalogueError, NotFound, PersonalDataError
from assistant.pipeline import Pipeline
from assistant.resources import Resources
from assistant.settings import PROJECT_ROOT, Settings
from evals.setup_uncurated import TEST_DATA, add_uncurated, overlay
from indexing.adding import (
    DuplicateDataset,
    FileTooLarge,
    Metadata,
    UnsupportedFile,
    add_dataset,
    remove_dataset,
)
from indexing.documents import MEASURES
from indexing.embedding import chroma_client, get_collection
from indexing.tidy_plan import NoMeasure, NotATable

SMALL = ("desnz_sub_regional_fuel_poverty_2021_by_la.csv",
         "dfe_eyfsp_gld_by_la_2016_2018_three_years.csv")


def _small(path: Path) -> bool:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    return spec["id"] in {"places", "place_names"} or any(
        f in SMALL for f in spec.get("files") or [])


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A small curated index plus every uncurated test dataset, built once."""
    root = tmp_path_factory.mktemp("ndl-added")
    data = overlay(PROJECT_ROOT / "data", root / "data", keep=_small)
    settings = Settings(data_dir=data, build_dir=root / "build")
    add_uncurated(settings)
    return settings


@pytest.fixture(scope="module")
def asked(added: Settings) -> Pipeline:
    return Pipeline(Resources.load(added))


def raw_rows(name: str) -> list[dict[str, str]]:
    with (TEST_DATA / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


CHILD = "children-in-relative-poverty.csv"
AHC = "Children in relative poverty after housing costs"
BHC = "Children in relative poverty before housing costs"


def child(code: str, indicator: str, start: str) -> float:
    return next(float(r["observation"]) for r in raw_rows(CHILD)
                if r["areacd"] == code and r["indicator"] == indicator
                and r["period"] == f"{start}-04-01/P1Y")


# --------------------------------------------------------------------------- questions


def test_value_from_iso_interval_file(asked: Pipeline) -> None:
    answer = asked.answer("What percentage of children in Leeds were in relative poverty "
                          "after housing costs in 2024-25?")
    assert answer.status == "answered" and answer.unit == "%"
    assert answer.value == pytest.approx(child("E08000035", AHC, "2024"))
    assert answer.table.rows[0][2] == "2024-25"  # a readable financial-year label
    assert answer.datasets[0].id == "children_relative_poverty"


def test_comparison(asked: Pipeline) -> None:
    answer = asked.answer("How does child poverty before housing costs in Manchester compare "
                          "with the UK in 2023-24?")
    values = {row[1]: row[-1] for row in answer.table.rows}
    assert values == {"Manchester": pytest.approx(child("E08000003", BHC, "2023")),
                      "United Kingdom": pytest.approx(child("K02000001", BHC, "2023"))}
    assert "higher than United Kingdom" in answer.text


def test_ranking(asked: Pipeline) -> None:
    answer = asked.answer("Which areas had the highest percentage of children in relative "
                          "poverty before housing costs in 2024-25?")
    assert answer.intent == "rank"
    expected = sorted((float(r["observation"]) for r in raw_rows(CHILD)
                       if r["areacd"].startswith("E08") and r["indicator"] == BHC
                       and r["period"].startswith("2024")), reverse=True)
    got = [row[-1] for row in answer.table.rows]
    assert got == pytest.approx(expected[:len(got)]) and len(got) >= 5


def test_trend_in_academic_years(asked: Pipeline) -> None:
    answer = asked.answer("How has persistent absence for pupils eligible for free school "
                          "meals in Leeds changed since 2018?")
    assert answer.intent == "trend" and answer.chart.kind == "line"
    rows = sorted((r["period"], float(r["observation"])) for r in raw_rows(
        "persistent-absences-for-pupils-eligible-for-free-school-meals.csv")
        if r["areacd"] == "E08000035")
    assert [row[-1] for row in answer.table.rows] == pytest.approx([v for _, v in rows])
    assert answer.table.rows[0][2] == "2018/19"


def test_wide_file_with_a_column_per_year(asked: Pipeline) -> None:
    answer = asked.answer("What was the fuel poverty rate in Leeds in 2015?")
    leeds = next(r for r in raw_rows("fuel_poverty_pct_households_by_la_2010_2019.csv")
                 if r["LACode"] == "E08000035")
    assert answer.value == pytest.approx(float(leeds["2015"]))
    assert answer.unit == "%"


def test_wide_file_with_year_suffixed_measures(asked: Pipeline) -> None:
    answer = asked.answer("What was the population of Leeds in 2011?")
    leeds = next(r for r in raw_rows("ons_census2021_population_by_lad_2011_2021.csv")
                 if r["LAD"] == "E08000035")
    assert answer.value == pytest.approx(float(leeds["POP11"]))
    assert answer.unit == "people"


def test_place_columns_and_nations(asked: Pipeline) -> None:
    answer = asked.answer("What was MMR1 coverage in Wales in 2020?")
    wales = next(r for r in raw_rows("mmr1-coverage-by-nation.csv") if r["year"] == "2020")
    assert answer.value == pytest.approx(float(wales["wales"]))


def test_xlsx_monthly_by_place_name(asked: Pipeline) -> None:
    from indexing.xlsx import xlsx_rows

    answer = asked.answer("What was the average house price in Wales in 2020?")
    monthly = [float(r[2]) for r in xlsx_rows(TEST_DATA / "average-house-prices.xlsx")[1:]
               if r[1] == "Wales" and r[0].startswith("2020")]
    assert len(monthly) == 12
    assert answer.value == pytest.approx(sum(monthly) / 12)
    assert answer.unit == "£"


def test_financial_year_numbers(asked: Pipeline) -> None:
    answer = asked.answer("How many car driving tests were conducted in 2019-20?")
    row = next(r for r in raw_rows("car-driving-tests-millions-2007-2025-fys.csv")
               if r["Financial Year"] == "2019")
    assert answer.value == pytest.approx(float(row["conducted_millions"]))


def test_parquet_national_series(asked: Pipeline) -> None:
    answer = asked.answer("How many live births were there in 2021?")
    row = next(r for r in raw_rows("live-births-england-and-wales-1938-2025.csv")
               if r["Year"] == "2021")
    assert answer.value == pytest.approx(float(row["Number of Live Births"]))


# --------------------------------------------------------------------------- the catalogue


def test_catalogue_entry_records_what_was_inferred(added: Settings) -> None:
    entry = yaml.safe_load((added.data_dir / "catalogue" / "added" /
                            "fuel_poverty_wide_2010_2019.yaml").read_text(encoding="utf-8"))
    assert "title" in entry["inferred"]
    assert {"publisher", "licence", "url"} <= set(entry["missing"])
    assert entry["files"] == ["added/fuel_poverty_wide_2010_2019.csv"]
    assert (added.data_dir / "raw" / "added" / "fuel_poverty_wide_2010_2019.csv").exists()
    mmr = yaml.safe_load((added.data_dir / "catalogue" / "added" /
                          "mmr1_coverage_by_nation.yaml").read_text(encoding="utf-8"))
    assert mmr["publisher"] == "UK Health Security Agency"  # from --meta


def _snapshot(settings: Settings) -> dict[str, str]:
    files = [p for p in sorted(settings.data_dir.rglob("*")) if p.is_file()
             and not p.is_symlink()]
    out = {str(p.relative_to(settings.data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
           for p in files}
    out["ndl.duckdb"] = str(settings.duckdb_path.stat().st_mtime_ns)
    return out


def test_readding_the_same_file_changes_nothing(added: Settings) -> None:
    before = _snapshot(added)
    report = add_dataset(added, TEST_DATA / "mmr1-coverage-by-nation.csv",
                         Metadata(id="mmr1_coverage_by_nation"))
    assert report.status == "unchanged" and report.measures
    assert _snapshot(added) == before


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "text", "error"), [
    ("one_column.csv", "value\n1\n2\n", NotATable),
    ("empty.csv", "", NotATable),
    ("words.csv", "area_name,comment\nLeeds,good\nYork,fine\n", NoMeasure),
    ("people.csv", "first_name,surname,visits\nAnne,Smith,3\nBob,Jones,4\n", PersonalDataError),
    ("emails.csv", "contact,visits\na@example.org,3\nb@example.org,4\n", PersonalDataError),
    ("old.xls", "not really excel", UnsupportedFile),
    ("binary.csv", "\x00\x01\x02\x03", NotATable),
])
def test_bad_files_are_refused_and_change_nothing(added: Settings, tmp_path: Path, name: str,
                                                  text: str, error: type[Exception]) -> None:
    before = _snapshot(added)
    with pytest.raises(error) as caught:
        add_dataset(added, _write(tmp_path, name, text))
    assert isinstance(caught.value, CatalogueError) and caught.value.message
    assert 400 <= caught.value.status < 500
    assert _snapshot(added) == before


def test_over_the_size_limit(added: Settings, tmp_path: Path) -> None:
    small = added.model_copy(update={"max_upload_mb": 1})
    big = _write(tmp_path, "big.csv", "year,value\n" + "2020,1.5\n" * 200_000)
    before = _snapshot(added)
    with pytest.raises(FileTooLarge) as caught:
        add_dataset(small, big)
    assert caught.value.status == 413 and _snapshot(added) == before


def test_duplicate_ids(added: Settings) -> None:
    before = _snapshot(added)
    with pytest.raises(DuplicateDataset) as caught:  # a different file under a taken id
        add_dataset(added, TEST_DATA / "car-driving-tests-millions-2007-2025-fys.csv",
                    Metadata(id="mmr1_coverage_by_nation"))
    assert caught.value.status == 409
    with pytest.raises(DuplicateDataset):  # curated ids are never taken over
        add_dataset(added, TEST_DATA / "mmr1-coverage-by-nation.csv",
                    Metadata(id="fuel_poverty_2021"), replace=True)
    assert _snapshot(added) == before


@pytest.fixture()
def scratch(added: Settings, tmp_path: Path) -> Iterator[Settings]:
    """A copy of the built index to change (add, replace, remove) without touching others."""
    shutil.copytree(added.data_dir, tmp_path / "data", symlinks=True)
    shutil.copytree(added.build_dir, tmp_path / "build", symlinks=True)
    yield Settings(data_dir=tmp_path / "data", build_dir=tmp_path / "build")


def test_replace_then_remove(scratch: Settings) -> None:
    report = add_dataset(scratch, TEST_DATA / "car-driving-tests-millions-2007-2025-fys.csv",
                         Metadata(id="mmr1_coverage_by_nation"), replace=True)
    assert report.status == "replaced" and report.indexed
    assert {m.column for m in report.measures} == {"conducted_millions", "passed_millions"}
    assert not (scratch.data_dir / "raw" / "added" / "mmr1_coverage_by_nation.csv").exists() \
        or report.files == ["data/raw/added/mmr1_coverage_by_nation.csv"]
    remove_dataset(scratch, "mmr1_coverage_by_nation")
    assert not (scratch.data_dir / "catalogue" / "added" / "mmr1_coverage_by_nation.yaml"
                ).exists()
    assert not list((scratch.data_dir / "raw" / "added").glob("mmr1_coverage_by_nation.*"))
    with duckdb.connect(str(scratch.duckdb_path), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables"
                                            ).fetchall()}
    assert "mmr1_coverage_by_nation" not in tables and "driving_tests_by_fy" in tables
    documents = get_collection(chroma_client(scratch), MEASURES).get(
        where={"dataset_id": "mmr1_coverage_by_nation"})
    assert documents["ids"] == []
    with pytest.raises(NotFound):
        remove_dataset(scratch, "mmr1_coverage_by_nation")
    with pytest.raises(CatalogueError):
        remove_dataset(scratch, "fuel_poverty_2021")


def test_cli_add_and_remove(scratch: Settings, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.settings import get_settings

    monkeypatch.setenv("NDL_DATA_DIR", str(scratch.data_dir))
    monkeypatch.setenv("NDL_BUILD_DIR", str(scratch.build_dir))
    get_settings.cache_clear()
    try:
        code = ndl(["add", str(TEST_DATA / "mmr1-coverage-by-nation.csv"), "--id", "mmr_cli",
                    "--title", "MMR1 vaccination coverage at age 5 by nation",
                    "--publisher", "UK Health Security Agency", "--no-index"])
        printed = capsys.readouterr().out
        assert code == 0
        assert "MMR1 vaccination coverage" in printed and "geography: area_code" in printed
        assert "[%; percentage]" in printed and "not indexed yet" in printed
        assert ndl(["remove", "mmr_cli", "--no-index"]) == 0
        assert ndl(["add", str(TEST_DATA / "missing.csv")]) == 2  # a clean JSON error
    finally:
        get_settings.cache_clear()


# --------------------------------------------------------------------------- the API


def _client(settings: Settings, host: str = "testclient") -> TestClient:
    from assistant.api import routes_datasets_add
    from assistant.api.app import create_app

    app = create_app(settings, with_ui=False)
    routes_datasets_add.install(app)
    return TestClient(app, client=(host, 50000))



def test_api_upload_is_answerable_at_once(scratch: Settings) -> None:
    keyed = scratch.model_copy(update={"api_key": "s3cret"})
    with _client(keyed) as client:
        refused = client.post("/v1/datasets", files={"file": ("x.csv", b"year,v\n2020,1\n")})
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
        with (TEST_DATA / "mmr1-coverage-by-nation.csv").open("rb") as handle:
            response = client.post(
                "/v1/datasets", headers={"X-API-Key": "s3cret"},
                files={"file": ("mmr1-coverage-by-nation.csv", handle, "text/csv")},
                data={"id": "mmr_upload", "title": "MMR1 vaccination coverage at age 5",
                      "publisher": "UK Health Security Agency"})
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["id"] == "mmr_upload" and body["indexed"]
        assert body["geography_column"] == "area_code" and body["grain"] == "calendar year"
        assert body["measures"][0]["unit"] == "%"
        answer = client.post("/v1/answer", headers={"X-API-Key": "s3cret"},
                             json={"question": "What was MMR1 vaccination coverage at age 5 "
                                               "in Scotland in 2019?"})
        assert answer.status_code == 200
        scotland = next(r for r in raw_rows("mmr1-coverage-by-nation.csv")
                        if r["year"] == "2019")["scotland"]
        assert answer.json()["value"] == pytest.approx(float(scotland))
        again = client.post("/v1/datasets", headers={"X-API-Key": "s3cret"},
                            files={"file": ("mmr1-coverage-by-nation.csv",
                                            (TEST_DATA / "mmr1-coverage-by-nation.csv"
                                             ).read_bytes())},
                            data={"id": "mmr_upload"})
        assert again.status_code == 200 and again.json()["status"] == "unchanged"
        gone = client.delete("/v1/datasets/mmr_upload", headers={"X-API-Key": "s3cret"})
        assert gone.status_code == 200


def test_api_errors_have_one_shape(scratch: Settings) -> None:
    with _client(scratch, host="127.0.0.1") as client:
        bad = client.post("/v1/datasets", files={"file": ("words.csv", b"name,comment\na,b\n")})
        assert bad.status_code == 400
        assert bad.json()["error"]["code"] == "no_measure"
        dup = client.post("/v1/datasets", data={"id": "fuel_poverty_2021"},
                          files={"file": ("m.csv", (TEST_DATA / "mmr1-coverage-by-nation.csv"
                                                    ).read_bytes())})
        assert dup.status_code == 409 and dup.json()["error"]["code"] == "duplicate_dataset"
    small = scratch.model_copy(update={"max_upload_mb": 1})
    with _client(small, host="127.0.0.1") as client:
        big = client.post("/v1/datasets",
                          files={"file": ("big.csv", b"year,value\n" + b"2020,1.5\n" * 200_000)})
        assert big.status_code == 413 and big.json()["error"]["code"] == "file_too_large"
    with _client(scratch) as client:  # no key configured: only local callers may write
        remote = client.post("/v1/datasets", files={"file": ("x.csv", b"year,v\n2020,1\n")})
        assert remote.status_code == 403 and remote.json()["error"]["code"] == "forbidden"


# --------------------------------------------------------------------------- URLs


@pytest.fixture()
def ckan_site() -> Iterator[str]:
    """A CKAN-shaped site on the loopback address: resource_show, package_show, the file."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    body = (TEST_DATA / "mmr1-coverage-by-nation.csv").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path.startswith("/api/3/action/resource_show"):
                payload = {"success": True, "result": {
                    "id": "r1", "name": "MMR1 by nation", "format": "CSV",
                    "url": f"{base}/files/mmr1-coverage-by-nation.csv"}}
            elif self.path.startswith("/api/3/action/package_show"):
                payload = {"success": True, "result": {
                    "title": "Childhood vaccination coverage statistics",
                    "notes": "MMR1 coverage at age 5 by UK nation.",
                    "organization": {"title": "UK Health Security Agency"},
                    "license_title": "Open Government Licence v3.0",
                    "url": "https://www.gov.uk/government/collections/vaccine-uptake"}}
            elif self.path.startswith("/files/"):
                self.send_response(200)
                self.send_header("Content-Type", "text/csv")
                self.end_headers()
                self.wfile.write(body)
                return
            else:
                self.send_error(404)
                return
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_ckan_resource_url(scratch: Settings, ckan_site: str) -> None:
    report = add_dataset(scratch, f"{ckan_site}/dataset/vaccination/resource/r1",
                         Metadata(id="mmr_ckan"), rebuild=False)
    assert report.title == "Childhood vaccination coverage statistics"
    entry = yaml.safe_load((scratch.data_dir / "catalogue" / "added" / "mmr_ckan.yaml"
                            ).read_text(encoding="utf-8"))
    assert entry["publisher"] == "UK Health Security Agency"
    assert entry["licence"] == "Open Government Licence v3.0"
    assert report.geography_column == "area_code" and report.measures


def test_unreachable_url_fails_cleanly(added: Settings) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = _snapshot(added)
    with pytest.raises(CatalogueError) as caught:
        add_dataset(added, f"http://127.0.0.1:{port}/dataset/x/resource/y")
    assert caught.value.code == "source_unavailable"
    assert _snapshot(added) == before
