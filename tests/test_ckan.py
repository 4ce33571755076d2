"""Catalogue ingestion without a server: CKAN mapping, dump shapes, the bundled sources,
deduplication, and the records as served (search-only DatasetInfo)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import CatalogueError
from assistant.settings import PROJECT_ROOT
from indexing import ckan
from indexing.catalogue_import import (
    ImportSpec,
    detect_format,
    import_catalogue,
    imported_records,
    read_source,
)
from indexing.catalogue_import_records import (
    TITLE_CAVEAT,
    CatalogueRecord,
    deduplicate,
    read_records,
)

DATA = PROJECT_ROOT / "data"
RAW = DATA / "raw" / "catalogues"
BIRMINGHAM = RAW / "ckan" / "birmingham_ckan_package_search_purchase_cards.json"

# A package in data.gov.uk's CKAN shape (extras as key/value pairs, the mandate extra as a
# JSON list, groups and tags as dicts). The values are made up for the test.
DGU_PACKAGE = {
    "id": "11111111-2222-3333-4444-555555555555",
    "name": "road-safety-test-data",
    "title": "Road safety test data",
    "notes": "Personal injury road collisions\nreported to the police.",
    "state": "active",
    "type": "dataset",
    "private": False,
    "organization": {"name": "department-for-transport", "title": "Department for Transport"},
    "license_id": "uk-ogl",
    "license_title": "Open Government Licence",
    "license_url": "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "metadata_modified": "2024-05-01T10:00:00.000000",
    "url": "https://www.gov.uk/government/collections/road-accidents-and-safety-statistics",
    "tags": [{"name": "collisions", "display_name": "collisions"}, {"name": "road-safety"}],
    "groups": [{"name": "transport", "title": "Transport"}],
    "extras": [
        {"key": "mandate", "value": '["https://www.legislation.gov.uk/ukpga/1988/52"]'},
        {"key": "theme-primary", "value": "transport"},
        {"key": "contact-email", "value": "someone@example.org"},
    ],
    "resources": [
        {"name": "Collisions 2023", "format": "CSV", "url": "https://example.org/c.csv"},
        {"name": "Guide", "format": "PDF", "url": "https://example.org/g.pdf"},
    ],
}


def test_package_maps_to_a_typed_record_and_a_search_only_dataset() -> None:
    record = ckan.package_to_record(DGU_PACKAGE, prefix="dgu", site="https://www.data.gov.uk")
    assert record is not None
    assert record.id == "dgu:11111111-2222-3333-4444-555555555555"
    assert record.aliases == ["dgu:road-safety-test-data"]
    assert record.publisher == "Department for Transport"
    assert record.licence == "Open Government Licence"
    assert record.tags == ["collisions", "road-safety"]
    assert record.groups == ["Transport"]
    assert record.mandate == ["https://www.legislation.gov.uk/ukpga/1988/52"]
    assert record.formats == ["CSV", "PDF"]
    assert record.updated == "2024-05-01T10:00:00.000000"
    assert record.source_url == ("https://www.data.gov.uk/dataset/11111111-2222-3333-4444-"
                                 "555555555555/road-safety-test-data")
    assert "contact-email" not in record.extras  # people's details are never kept
    info = record.to_dataset_info()
    assert info.queryable is False and info.rows == 0 and info.columns == []
    assert info.description.startswith("Personal injury road collisions reported")
    assert "legislation.gov.uk/ukpga/1988/52" in info.description
    assert "Keywords: collisions, road-safety, Transport." in info.description


def test_deleted_private_and_non_dataset_packages_are_skipped() -> None:
    for change in ({"state": "deleted"}, {"private": True}, {"type": "harvest"}):
        assert ckan.package_to_record({**DGU_PACKAGE, **change}, prefix="dgu") is None


def test_mandate_and_extras_in_other_shapes() -> None:
    assert ckan.parse_mandate("https://www.legislation.gov.uk/uksi/2015/102") == [
        "https://www.legislation.gov.uk/uksi/2015/102"]
    assert ckan.parse_mandate(None) == []
    flat = {**DGU_PACKAGE, "extras": {"mandate": ["https://a.example", "https://b.example"]}}
    record = ckan.package_to_record(flat, prefix="dgu")
    assert record is not None and record.mandate == ["https://a.example", "https://b.example"]


@pytest.mark.parametrize("shape", ["response", "result", "list", "show", "jsonl"])
def test_dump_shapes(tmp_path: Path, shape: str) -> None:
    response = json.loads(BIRMINGHAM.read_text(encoding="utf-8"))
    packages = response["result"]["results"]
    path = tmp_path / ("dump.jsonl" if shape == "jsonl" else "dump.json")
    body = {
        "response": json.dumps(response),
        "result": json.dumps(response["result"]),
        "list": json.dumps(packages),
        "show": json.dumps({"success": True, "result": packages[0]}),
        "jsonl": "\n".join(json.dumps(p) for p in packages),
    }[shape]
    path.write_text(body, encoding="utf-8")
    found = ckan.read_dump(path)
    assert len(found) == (1 if shape == "show" else 10)
    assert found[0]["name"] == packages[0]["name"]


def test_not_a_dump_is_a_catalogue_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CatalogueError):
        ckan.read_dump(bad)


def test_birmingham_dump_uses_the_portal_landing_pages(tmp_path: Path) -> None:
    spec = ImportSpec(name="birmingham", source=str(BIRMINGHAM),
                      site="https://data.birmingham.gov.uk")
    records = read_source(spec, tmp_path)
    assert len(records) == 10
    first = records[0]
    assert first.id.startswith("birmingham:")
    assert first.publisher == "Birmingham City Council"
    assert first.source_url and first.source_url.startswith(
        "https://data.birmingham.gov.uk/dataset/")
    assert "[removed]" not in first.model_dump_json()  # no author or maintainer fields
    assert {r.format for r in first.resources} >= {"XLS"}


def test_dcat_json_and_csv_exports(tmp_path: Path) -> None:
    dcat = tmp_path / "data.json"
    dcat.write_text(json.dumps({"dataset": [{
        "identifier": "abc", "title": "Bus stops", "description": "Every bus stop.",
        "publisher": {"name": "Department for Transport"}, "keyword": ["bus", "stops"],
        "landingPage": "https://example.org/bus-stops", "modified": "2024-01-02",
        "distribution": [{"format": "CSV", "downloadURL": "https://example.org/b.csv"}],
    }]}), encoding="utf-8")
    assert detect_format(str(dcat)) == "dcat-json"
    (record,) = read_source(ImportSpec(name="dft", source=str(dcat)), tmp_path)
    assert (record.id, record.publisher, record.tags) == (
        "dft:abc", "Department for Transport", ["bus", "stops"])
    export = tmp_path / "export.csv"
    export.write_text("identifier,title,publisher,landingPage,keyword,modified\n"
                      "x1,Ferry routes,DfT,https://example.org/f,ferry;sea,2023-02-01\n",
                      encoding="utf-8")
    (row,) = read_source(ImportSpec(name="dft-csv", source=str(export)), tmp_path)
    assert (row.id, row.title, row.tags, row.source_url) == (
        "dft-csv:x1", "Ferry routes", ["ferry", "sea"], "https://example.org/f")


def test_since_filters_dump_records(tmp_path: Path) -> None:
    spec = ImportSpec(name="birmingham", source=str(BIRMINGHAM))
    every = read_source(spec, tmp_path)
    recent = read_source(spec, tmp_path, since="2020-01-01")
    assert 0 < len(recent) < len(every)
    assert all(r.updated and r.updated >= "2020-01-01" for r in recent)


def test_deduplicate_merges_by_uuid_and_name() -> None:
    summary = CatalogueRecord(id="dgu:road-safety", title="Road Safety",
                              publisher="Leeds City Council", tags=["roads"])
    review = CatalogueRecord(id="dgu:uuid-1", title="Road Safety Data",
                             publisher="Leeds City Council")
    views = CatalogueRecord(id="dgu:uuid-1", aliases=["dgu:road-safety"], title="road safety",
                            source_url="https://www.data.gov.uk/dataset/uuid-1/road-safety",
                            caveats=[TITLE_CAVEAT])
    (merged,) = deduplicate([summary, review, views])
    assert merged.id == "dgu:uuid-1"  # the uuid, not the name, is the id
    assert merged.aliases == ["dgu:road-safety"]
    assert merged.title == "Road Safety"  # first source wins
    assert merged.source_url == "https://www.data.gov.uk/dataset/uuid-1/road-safety"
    assert merged.caveats == []  # the lower-cased title was not used


def test_reviews_keep_only_real_fields(tmp_path: Path) -> None:
    spec = ImportSpec(name="reviews", source=str(RAW / "datagovuk_dataset_reviews_521.jsonl"),
                      format="datagovuk-reviews")
    records = read_source(spec, tmp_path)
    assert len(records) == 521
    raw = [json.loads(line) for line in
           (RAW / "datagovuk_dataset_reviews_521.jsonl").read_text(encoding="utf-8").splitlines()]
    record, row = records[0], raw[0]
    assert (record.title, record.publisher) == (row["title"], row["org_display_name"])
    dumped = record.model_dump_json()
    for llm in [row["scores"]["findability"]["explanation"], *row["tags"], row["theme"]]:
        assert llm not in dumped
    assert all(not r.tags and not r.description for r in records)


def test_bundled_imports_cover_the_national_catalogue() -> None:
    records = imported_records(DATA)
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids)) >= 10_000
    by_source: dict[str, int] = {}
    for r in records:
        by_source[r.source] = by_source.get(r.source, 0) + 1
    assert set(by_source) == {
        "datagovuk-ckan-sample", "datagovuk-reviews", "datagovuk-page-views",
        "birmingham-ckan", "uk-gov-api-catalogue", "gss-cogs", "hdruk-gateway",
        "datagovuk-collections"}
    apis = [r for r in records if r.kind == "api"]
    assert len(apis) == 231
    publishers = {r.publisher for r in apis}
    assert {"Companies House", "HM Revenue & Customs", "HM Land Registry",
            "Food Standards Agency"} <= publishers
    assert all(r.collection == "apis" and "API" in r.to_dataset_info().caveats[0]
               for r in apis)
    assert all(r.source_url and r.source_url.startswith("http") for r in records)
    assert all(":" in r.id for r in records)  # never a bundled table id
    road = [r for r in records if r.id == "dgu-collection:transport/road-traffic"]
    assert road and road[0].source_url == "https://roadtraffic.dft.gov.uk/downloads"


def test_import_writes_jsonl_and_since_merges(tmp_path: Path) -> None:
    spec = ImportSpec(name="Birmingham CKAN", source=str(BIRMINGHAM))
    report = import_catalogue(spec, tmp_path)
    out = tmp_path / "catalogue" / "imported" / "birmingham-ckan.jsonl"
    assert report.written == 10 and Path(report.path) == out
    assert len(read_records(out)) == 10
    again = import_catalogue(spec, tmp_path, since="last")
    assert again.since is not None and again.records <= 1  # only the newest changed
    assert len(read_records(out)) == 10  # merged over, nothing lost
    assert imported_records(tmp_path)[0].source == "Birmingham CKAN"
