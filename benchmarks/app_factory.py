"""The API as a uvicorn factory, so that `uvicorn --workers N` can start it in each worker:

    uvicorn --factory benchmarks.app_factory:create_app --workers 2 --port 8000

Settings come from the environment (`NDL_*`), as for `ndl serve`; `NDL_BENCH_UI=1` mounts
the chat too (off by default: the benchmarks measure the API).
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from assistant.api.app import create_app as build_app
from assistant.settings import Settings


def create_app() -> FastAPI:
    return build_app(Settings(), with_ui=os.environ.get("NDL_BENCH_UI") == "1")
