"""Ingestion from a live CKAN site: a CKAN-compatible HTTP server on localhost serving
recorded responses in CKAN's shape (`/api/3/action/package_search` with rows/start paging,
`fq=metadata_modified:[X TO *]`, `package_show`), read through ckanapi.RemoteCKAN."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from assistant.settings import PROJECT_ROOT
from indexing import ckan
from indexing.catalogue_import import ImportSpec, import_catalogue
from indexing.catalogue_import_records import read_records

CKAN_DIR = PROJECT_ROOT / "data" / "raw" / "catalogues" / "ckan"
FQ_SINCE = re.compile(r"metadata_modified:\[(\S+) TO \*\]")


def recorded_packages() -> list[dict[str, Any]]:
    """Birmingham's verbatim package_search results plus data.gov.uk's full records, with
    extras turned back into CKAN's list of {key, value} as the API returns them."""
    dump = CKAN_DIR / "birmingham_ckan_package_search_purchase_cards.json"
    birmingham: list[dict[str, Any]] = json.loads(
        dump.read_text(encoding="utf-8"))["result"]["results"]
    dgu = []
    for line in (CKAN_DIR / "data_gov_uk_ckan_packages_sample.jsonl").read_text(
            encoding="utf-8").splitlines():
        pkg = json.loads(line)
        if pkg.get("id"):
            pkg["extras"] = [{"key": k, "value": v} for k, v in (pkg["extras"] or {}).items()]
            dgu.append(pkg)
    return birmingham + dgu


class RecordedCkan:
    """A tiny CKAN: the Action API's envelope, errors, paging and the incremental filter."""

    def __init__(self, packages: list[dict[str, Any]], fail_first: int = 0,
                 search_without_resources: bool = False) -> None:
        self.packages = sorted(packages, key=lambda p: p.get("metadata_modified") or "")
        self.fail_first = fail_first
        self.search_without_resources = search_without_resources
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> RecordedCkan:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def actions(self, name: str) -> list[dict[str, str]]:
        return [params for action, params in self.requests if action == name]

    def respond(self, action: str, params: dict[str, str]) -> tuple[int, Any]:
        with self.lock:
            self.requests.append((action, params))
            if self.fail_first > 0:
                self.fail_first -= 1
                return 500, "<html><body>Internal Server Error</body></html>"
        help_url = f"{self.url}/api/3/action/help_show?name={action}"
        if action == "package_show":
            found = [p for p in self.packages if params.get("id") in {p["id"], p["name"]}]
            if not found:
                return 404, {"help": help_url, "success": False,
                             "error": {"__type": "Not Found Error", "message": "Not found"}}
            return 200, {"help": help_url, "success": True, "result": found[0]}
        if action != "package_search":
            return 400, {"help": help_url, "success": False,
                         "error": {"__type": "Validation Error", "action": ["unknown"]}}
        matching = self.packages
        since = FQ_SINCE.search(params.get("fq", ""))
        if since:
            cutoff = since.group(1).rstrip("Z")
            matching = [p for p in matching if (p.get("metadata_modified") or "") >= cutoff]
        start, rows = int(params.get("start", 0)), min(int(params.get("rows", 10)), 1000)
        page = [dict(p) for p in matching[start:start + rows]]
        if self.search_without_resources:
            for p in page:
                p.pop("resources", None)
        return 200, {"help": help_url, "success": True, "result": {
            "count": len(matching), "sort": params.get("sort", "score desc"), "facets": {},
            "results": page, "search_facets": {}}}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, params: dict[str, str]) -> None:
                path = urlparse(self.path).path
                match = re.fullmatch(r"/api/(?:3/)?action/(\w+)", path)
                if not match:
                    self.send_error(404)
                    return
                status, body = site.respond(match.group(1), params)
                data = (body if isinstance(body, str) else json.dumps(body)).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html" if isinstance(body, str)
                                 else "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                query = parse_qs(urlparse(self.path).query)
                self._serve({k: v[-1] for k, v in query.items()})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                self._serve({k: str(v) for k, v in body.items()})

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture()
def packages() -> list[dict[str, Any]]:
    return recorded_packages()


@pytest.fixture()
def site(packages: list[dict[str, Any]]) -> Iterator[RecordedCkan]:
    with RecordedCkan(packages) as server:
        yield server


def test_paging_reads_every_package(site: RecordedCkan, tmp_path: Path) -> None:
    spec = ImportSpec(name="local-ckan", source=site.url, rows=7)
    report = import_catalogue(spec, tmp_path)
    assert report.format == "ckan-site"
    assert report.records == report.written == len(site.packages) == 30
    searches = site.actions("package_search")
    assert [int(s["start"]) for s in searches] == [0, 7, 14, 21, 28]
    assert {s["rows"] for s in searches} == {"7"}
    assert all(s["sort"] == "metadata_modified asc" and "fq" not in s for s in searches)
    records = read_records(Path(report.path))
    dgu = [r for r in records if r.source_url and "/dataset/" in r.source_url]
    assert len(dgu) == 30
    assert {r.publisher for r in records} >= {"Birmingham City Council",
                                              "City of Bradford Metropolitan District Council"}
    assert all(r.id.startswith("local-ckan:") for r in records)


def test_incremental_since_asks_for_changes_only(site: RecordedCkan, tmp_path: Path) -> None:
    spec = ImportSpec(name="local-ckan", source=site.url, rows=50)
    import_catalogue(spec, tmp_path)
    site.requests.clear()
    since = "2025-01-01T00:00:00+01:00"
    report = import_catalogue(spec, tmp_path, since=since)
    (search,) = site.actions("package_search")
    assert search["fq"] == "metadata_modified:[2024-12-31T23:00:00Z TO *]"
    changed = [p for p in site.packages if p["metadata_modified"] >= "2024-12-31T23:00:00"]
    assert 0 < report.records == len(changed) < len(site.packages)
    assert report.written == len(site.packages)  # merged over the earlier full import
    site.requests.clear()
    last = import_catalogue(spec, tmp_path, since="last")
    assert last.since == max(ckan.solr_date(p["metadata_modified"]) for p in site.packages)
    assert last.records == 1


def test_a_server_error_is_retried(packages: list[dict[str, Any]], tmp_path: Path) -> None:
    with RecordedCkan(packages, fail_first=1) as server:
        spec = ImportSpec(name="flaky", source=server.url, rows=100)
        report = import_catalogue(spec, tmp_path)
        assert report.retries == 1
        assert report.requests == 2 == len(server.actions("package_search"))
        assert report.written == 30


def test_retries_give_up_and_not_found_is_not_retried(packages: list[dict[str, Any]]) -> None:
    from ckanapi.errors import CKANAPIError, NotFound

    slept: list[float] = []
    with RecordedCkan(packages, fail_first=10) as server:
        remote = ckan.CkanSite(server.url, retries=2, backoff=0.01, sleep=slept.append)
        with pytest.raises(CKANAPIError):
            list(remote.packages())
        assert slept == [0.01, 0.02] and remote.calls == 3
    with RecordedCkan(packages) as server:
        remote = ckan.CkanSite(server.url, retries=3, backoff=0.01, sleep=slept.append)
        with pytest.raises(NotFound):
            remote.package_show("no-such-dataset")
        assert remote.calls == 1


def test_package_show_fills_in_search_summaries(packages: list[dict[str, Any]],
                                                tmp_path: Path) -> None:
    with RecordedCkan(packages, search_without_resources=True) as server:
        spec = ImportSpec(name="summaries", source=server.url, rows=100)
        report = import_catalogue(spec, tmp_path)
        with_resources = [p for p in packages if p.get("num_resources") and
                          "resources" in p]
        assert len(server.actions("package_show")) == len(with_resources)
        records = read_records(Path(report.path))
        assert sum(1 for r in records if any(res.url for res in r.resources)) == len(
            [p for p in with_resources if p["resources"]])


def test_one_dataset_url_uses_package_show(site: RecordedCkan, tmp_path: Path) -> None:
    name = site.packages[0]["name"]
    spec = ImportSpec(name="one", source=f"{site.url}/dataset/{name}")
    report = import_catalogue(spec, tmp_path)
    assert report.written == 1
    assert [a for a, _ in site.requests] == ["package_show"]


def test_cli_imports_a_site(site: RecordedCkan, tmp_path: Path) -> None:
    env = {**os.environ, "NDL_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "catalogue", "import", site.url,
         "--name", "local", "--rows", "10", "--since", "2020-01-01"],
        env=env, capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT, check=True)
    report = json.loads(done.stdout)
    assert report["name"] == "local" and report["format"] == "ckan-site"
    assert report["since"] == "2020-01-01" and report["written"] == report["records"] > 0
    assert (tmp_path / "catalogue" / "imported" / "local.jsonl").exists()
    listed = subprocess.run([sys.executable, "-m", "assistant.cli", "catalogue", "list"],
                            env=env, capture_output=True, text=True, timeout=120,
                            cwd=PROJECT_ROOT, check=True)
    assert json.loads(listed.stdout)["imported"][0]["records"] == report["written"]
