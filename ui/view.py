"""What the chat shows for one answer, as plain values: the reply, table, CSV, sources.

No Gradio here, so every piece is easy to test and the layout module stays about layout.
"""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path

import sqlglot
from sqlglot import exp

from assistant.models import Answer, DatasetCitation

DOWNLOADS = Path(tempfile.gettempdir()) / "ndl-downloads"
HEADINGS = {"area_code": "Area code", "area": "Area", "period": "Period", "year": "Year",
            "value": "Value", "url": "Link"}
MAX_OPTIONS = 6


def reply_text(answer: Answer) -> str:
    """The sentence for the conversation, with what to do next when there is no figure."""
    text = answer.text
    if answer.status == "clarify" and answer.clarification:
        text += "\n\nChoose one of the options below, or type your answer."
    elif answer.status == "no_answer" and answer.suggestions and "You could ask" not in text:
        text += "\n\nYou could ask about: " + "; ".join(s.text for s in answer.suggestions[:3])
    return text


def options(answer: Answer) -> list[str]:
    """The clarification's options, as many as there are buttons for."""
    if answer.status != "clarify" or answer.clarification is None:
        return []
    return answer.clarification.options[:MAX_OPTIONS]


def heading(column: str, unit: str | None) -> str:
    label = HEADINGS.get(column, column.replace("_", " ").capitalize())
    return f"{label} ({unit})" if column == "value" and unit else label


def table_value(answer: Answer) -> dict[str, list[object]] | None:
    """The rows for gr.Dataframe, with readable headings; None when there are none."""
    if not answer.table.columns or not answer.table.rows:
        return None
    return {"headers": [heading(c, answer.unit) for c in answer.table.columns],
            "data": [list(r) for r in answer.table.rows]}


def pretty_sql(sql: str | None) -> str:
    """The SQL that ran, laid out for reading: one clause a line, AND chains unnested.

    Display only (AND is associative, so dropping those brackets changes nothing); if it
    cannot be parsed the text is shown as it ran.
    """
    if not sql:
        return ""
    try:
        tree = sqlglot.parse_one(sql, dialect="duckdb")
        for paren in list(tree.find_all(exp.Paren)):
            if isinstance(paren.this, exp.And) and isinstance(paren.parent, exp.And):
                paren.replace(paren.this)
        return tree.sql(dialect="duckdb", pretty=True)
    except sqlglot.errors.SqlglotError:
        return sql


def slug(text: str | None, fallback: str = "answer") -> str:
    words = re.findall(r"[a-z0-9]+", (text or "").lower())[:8]
    return "-".join(words) or fallback


def write_csv(answer: Answer, folder: Path = DOWNLOADS) -> Path | None:
    """The answer's table as a CSV file (raw column names, for reuse) in a temp folder."""
    if not answer.table.columns or not answer.table.rows:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    name = slug(answer.chart.title or (answer.datasets[0].title if answer.datasets else None))
    path = Path(tempfile.mkdtemp(dir=folder)) / f"{name}.csv"  # a clean name to download
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(answer.table.columns)
        writer.writerows(answer.table.rows)
    return path


def citation_markdown(d: DatasetCitation) -> str:
    title = f"[{escape_md(d.title)}]({d.url})" if d.url else escape_md(d.title)
    updated = d.updated or "not stated"
    return (f"- **{title}**  \n  Publisher: {escape_md(d.publisher)} · "
            f"Licence: {escape_md(d.licence)} · Last updated: {updated}")


def sources_markdown(answer: Answer) -> str:
    if not answer.datasets:
        return ""
    return "#### Sources\n" + "\n".join(citation_markdown(d) for d in answer.datasets)


def caveats_markdown(answer: Answer) -> str:
    return "\n".join(f"- {escape_md(c)}" for c in answer.caveats)


def escape_md(text: str) -> str:
    """Catalogue text is plain: keep Markdown from reading * _ [ ] as formatting."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)
