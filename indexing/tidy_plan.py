"""What shaping an uncurated file produces: the tidy table's SELECT and its columns, or why not.

Kept apart from the shaping itself so that readers of files and reports can name these types
without importing the shaping machinery.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from assistant.errors import CatalogueError


class TidyColumn(BaseModel):
    """One column of the tidy table, documented for the catalogue entry."""

    name: str
    description: str = ""
    unit: str | None = None
    kind: str = "text"  # geography | area_name | area_type | period | time | month | text | number
    source: list[str] = Field(default_factory=list)


class TidyPlan(BaseModel):
    """The generated SELECT (with `{raw}`) and what was read from the file's shape."""

    select: str
    columns: list[TidyColumn]
    shape: str = "long"  # long | wide_years | wide_stems | wide_places
    grain: str | None = None
    geography: str | None = None  # "codes in <col>" | "names in <col>"
    notes: list[str] = Field(default_factory=list)

    def sql(self, raw: Path | str) -> str:
        return self.select.format(raw=str(raw))


class NotATable(CatalogueError):
    """The file could not be read as a table (unreadable, one column, no rows)."""

    code = "not_a_table"


class NoMeasure(CatalogueError):
    """The file has no numeric column, so no question could be answered from it."""

    code = "no_measure"
