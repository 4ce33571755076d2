"""Every golden file: hostile SQL is refused for the named reason; analytical SQL runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import errors
from assistant.execution import execute
from assistant.guard import guard
from tests.sqlfixtures import (
    expected_reason,
    fixture_schema,
    fixture_settings,
    golden_files,
    shared_fixture_db,
)

REJECT = golden_files("reject")
ACCEPT = golden_files("accept")
REASONS = {
    cls.reason for cls in vars(errors).values()
    if isinstance(cls, type) and issubclass(cls, errors.SQLRejected)
}  # fmt: skip


def test_golden_corpus_is_big_enough() -> None:
    assert len(REJECT) >= 150
    assert len(ACCEPT) >= 50
    assert len({p.name.split("_", 1)[1] for p in REJECT}) == len(REJECT)


@pytest.mark.parametrize("path", REJECT, ids=lambda p: p.stem)
def test_hostile_sql_is_rejected_for_the_named_reason(path: Path) -> None:
    reason = expected_reason(path)
    assert reason in REASONS, f"{path.name}: unknown reason {reason!r}"
    settings = fixture_settings()
    with pytest.raises(errors.SQLRejected) as info:
        guard(path.read_text(encoding="utf-8"), fixture_schema(), settings.row_cap)
    assert info.value.reason == reason, info.value.message


@pytest.mark.parametrize("path", ACCEPT, ids=lambda p: p.stem)
def test_analytical_sql_passes_and_runs(path: Path) -> None:
    settings = fixture_settings()
    guarded = guard(path.read_text(encoding="utf-8"), fixture_schema(), settings.row_cap)
    result = execute(guarded, shared_fixture_db(), settings)
    assert result.columns
    assert len(result.rows) <= guarded.limit <= settings.row_cap
