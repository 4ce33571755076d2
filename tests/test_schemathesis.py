"""Schemathesis against the OpenAPI spec of the real app on the small index: no 5xx.

Every operation in the app's OpenAPI document gets requests generated from its schema
(bodies, query strings, path parameters and headers, valid and invalid); none may answer
with a server error, and every documented response must match its schema. Bounded (a few
dozen requests per operation, no shrinking) so it stays in the default `pytest` run.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from assistant.api.app import create_app
from assistant.api.state import AppState
from assistant.pipeline import Pipeline
from assistant.settings import Settings

# The document does not depend on the index, so it is read at collection time from an app
# that is never called; the requests go to `api` below (schemathesis.pytest.from_fixture
# would do both at once, but fails under pytest 9).
schema = schemathesis.openapi.from_dict(create_app(Settings(), with_ui=False).openapi())


@pytest.fixture(scope="module")
def api(pipeline: Pipeline, small_index: Settings) -> FastAPI:
    """The API-only app over the small index, on the session's pipeline."""
    app = create_app(small_index, with_ui=False)
    app.state.ndl = AppState(pipeline=pipeline,
                             index_mtime=small_index.duckdb_path.stat().st_mtime)
    return app


@schema.parametrize()
@settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck), database=None)
def test_no_server_errors_and_responses_match_the_schema(case: schemathesis.Case[Any],
                                                         api: FastAPI) -> None:
    case.call_and_validate(app=api, checks=[not_a_server_error, response_schema_conformance])
