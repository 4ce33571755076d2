"""Each worker process notices a replaced index file and loads a new pipeline."""

from __future__ import annotations

import os

from assistant.api.app import create_app
from assistant.api.state import state
from assistant.settings import Settings


def test_a_replaced_index_file_is_reloaded(small_index: Settings) -> None:
    app = create_app(small_index, with_ui=False)
    first = state(app).pipeline
    assert state(app).pipeline is first  # unchanged file: no reload
    stat = small_index.duckdb_path.stat()
    os.utime(small_index.duckdb_path, (stat.st_atime, stat.st_mtime + 5))
    try:
        assert state(app).pipeline is not first
    finally:
        os.utime(small_index.duckdb_path, (stat.st_atime, stat.st_mtime))
