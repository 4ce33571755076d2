"""Scale-out: the index built into, and questions answered through, a real Chroma server
(`chroma run`, shipped with the chromadb package) in `chroma_mode='http'`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.local_servers import free_port, stop_process
from assistant.settings import PROJECT_ROOT, Settings

DATA = PROJECT_ROOT / "data"
# A small real catalogue: the gazetteer and one statistics table (keeps the test quick).
SPECS = ("places.yaml", "place_names.yaml", "fuel_poverty_2021.yaml")


def chroma_executable() -> str | None:
    return shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which(
        "chroma")


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    exe = chroma_executable()
    if exe is None:
        pytest.skip("the chroma CLI (from the chromadb package) is not installed")
    root = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = (root / "server.log").open("w")
    server = subprocess.Popen(
        [exe, "run", "--path", str(root / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1
                             ).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail("chroma server did not start: "
                            + (root / "server.log").read_text()[-2000:])
            time.sleep(0.25)
        yield port
    finally:
        stop_process(server, timeout=15)
        log.close()


def small_data(root: Path) -> Path:
    catalogue = root / "data" / "catalogue"
    (catalogue / "datasets").mkdir(parents=True)
    for name in SPECS:
        shutil.copy(DATA / "catalogue" / "datasets" / name, catalogue / "datasets" / name)
    shutil.copy(DATA / "catalogue" / "collections.yaml", catalogue / "collections.yaml")
    (root / "data" / "raw").symlink_to(DATA / "raw")
    return root / "data"


def test_index_and_answer_through_a_chroma_server(chroma_port: int, tmp_path: Path) -> None:
    from assistant.pipeline import Pipeline
    from assistant.resources import Resources
    from indexing.build import build_index
    from indexing.documents import DATASETS, MEASURES
    from indexing.embedding import chroma_client

    settings = Settings(data_dir=small_data(tmp_path), build_dir=tmp_path / "build",
                        chroma_mode="http", chroma_host="127.0.0.1", chroma_port=chroma_port)
    report = build_index(settings)
    assert report.embedded > 0
    assert not settings.chroma_path.exists()  # nothing embedded on local disk
    client = chroma_client(settings)
    assert type(client).__name__ != "PersistentClient"
    names = {c.name for c in client.list_collections()}
    assert {DATASETS, MEASURES} <= names
    assert client.get_collection(MEASURES).count() > 0

    again = build_index(settings)
    assert again.embedded == 0 and again.unchanged == report.embedded  # synced by digest

    pipeline = Pipeline(Resources.load(settings))
    answer = pipeline.answer("How many households in Liverpool were fuel poor in 2021?")
    assert answer.status == "answered" and answer.value is not None
    assert answer.sql and "fuel" in answer.sql.lower()
