"""Prints an eval summary as tables."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

COLUMNS = ("cases", "execution_accuracy", "recall_at_1", "recall_at_5", "latency_p50_ms",
           "latency_p95_ms")
LEGAL_COLUMNS = ("cases", "recall_at_3", "recall_at_1")


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
    if summary.get("legal_search"):
        print_legal_search(summary["legal_search"], console)


def print_legal_search(legal: dict[str, Any], console: Console | None = None) -> None:
    """The legislation search's recall@3 (evals/legal.py): all cases, dev, held out, and each
    group, so the figure on questions never tuned on stays in view."""
    console = console or Console()
    table = Table(title="legal search (legislation in the top 3)", show_lines=False)
    table.add_column("group")
    for name in LEGAL_COLUMNS:
        table.add_column(name.replace("_", " "), justify="right")
    table.add_row("all", *(str(legal.get(c)) for c in LEGAL_COLUMNS))
    for kind in ("dev", "heldout"):
        if legal.get(kind) is not None:
            table.add_row(f"{kind} (all rounds)", "", str(legal[kind]), "")
    for group, block in legal.get("groups", {}).items():
        table.add_row(group, *(str(block.get(c)) for c in LEGAL_COLUMNS))
    console.print(table)
