"""Prints an eval summary as tables."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

COLUMNS = ("cases", "execution_accuracy", "recall_at_1", "recall_at_5", "latency_p50_ms",
           "latency_p95_ms")


def print_summary(summary: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    for section in ("overall", "theme", "intent", "split", "curation"):
        rows = {"all": summary[section]} if section == "overall" else summary.get(section, {})
        table = Table(title=section, show_lines=False)
        table.add_column(section)
        for name in COLUMNS:
            table.add_column(name.replace("_", " "), justify="right")
        for key, block in rows.items():
            table.add_row(key, *(str(block[c]) for c in COLUMNS))
        console.print(table)
