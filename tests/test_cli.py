"""`ndl ask --json` prints the answer contract, one JSON object per line with --file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.settings import Settings

pytestmark = pytest.mark.e2e


def run_ndl(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NDL_DATA_DIR": str(settings.data_dir),
           "NDL_BUILD_DIR": str(settings.build_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_ask_json(small_index: Settings) -> None:
    done = run_ndl(small_index, "ask", "--json",
                   "What percentage of children in Leeds reached a good level of development "
                   "in 2018?")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["status"] == "answered" and answer["value"] == pytest.approx(65.7)
    for key in ("text", "unit", "table", "sql", "datasets", "collection", "caveats",
                "clarification"):
        assert key in answer


def test_ask_file_gives_json_lines(small_index: Settings, tmp_path: Path) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text("How many households in Liverpool were fuel poor in 2021?\n\n"
                         "What data is there about fuel poverty?\n", encoding="utf-8")
    done = run_ndl(small_index, "ask", "--json", "--file", str(questions))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["status"] for a in lines] == ["answered", "answered"]


def test_bad_question_is_a_json_error(small_index: Settings) -> None:
    done = run_ndl(small_index, "ask", "--json", "   ")
    answer = json.loads(done.stdout)
    assert answer["error"]["code"] == "invalid_request"
