"""Reading .xlsx workbooks as text rows, with or without openpyxl installed.

`ndl add` turns a workbook into a CSV before shaping it, so only the first non-empty sheet
is read, every cell as text (dates as ISO dates, whole floats as integers).
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

from indexing.tidy_plan import NotATable

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_DATE_FORMATS = set(range(14, 23)) | {45, 46, 47}


def xlsx_rows(path: Path) -> list[list[str]]:
    """The first non-empty sheet as text rows: openpyxl when installed, else a small reader
    of the Office Open XML cells (shared strings, inline strings, numbers, dates)."""
    try:
        import openpyxl
    except ImportError:
        return xlsx_rows_stdlib(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds
        raise NotATable(f"{path.name} could not be read as a workbook: {exc}") from exc
    for sheet in book.worksheets:
        rows = [["" if v is None else _cell_text(v) for v in row]
                for row in sheet.iter_rows(values_only=True)]
        rows = [r for r in rows if any(c.strip() for c in r)]
        if rows:
            return rows
    return []


def xlsx_to_csv(path: Path, target: Path) -> None:
    """Write the workbook's first non-empty sheet as a UTF-8 CSV."""
    import csv

    rows = xlsx_rows(path)
    if len(rows) < 2:
        raise NotATable(f"{path.name} has no sheet with a header and rows")
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _cell_text(value: object) -> str:
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return str(text)[:10] if str(text).endswith("T00:00:00") else str(text)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _col_index(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref)
    n = 0
    for ch in letters.group(0) if letters else "A":
        n = n * 26 + ord(ch) - 64
    return n - 1


def xlsx_rows_stdlib(path: Path) -> list[list[str]]:
    """The first non-empty sheet read straight from the workbook's XML (no openpyxl)."""
    try:
        book = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise NotATable(f"{path.name} is not an .xlsx workbook") from exc
    with book:
        names = set(book.namelist())
        shared = _shared_strings(book) if "xl/sharedStrings.xml" in names else []
        date_styles = _date_styles(book) if "xl/styles.xml" in names else set()
        sheets = sorted(n for n in names if re.match(r"xl/worksheets/sheet\d+\.xml$", n))
        sheets.sort(key=lambda n: int(re.findall(r"\d+", n)[-1]))
        for sheet in sheets:
            root = ElementTree.fromstring(book.read(sheet))
            rows = [r for r in _sheet_rows(root, shared, date_styles)
                    if any(c.strip() for c in r)]
            if rows:
                width = max(len(r) for r in rows)
                return [r + [""] * (width - len(r)) for r in rows]
    return []


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t"))
            for si in root.findall("m:si", _NS)]


def _date_styles(book: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles whose number format shows a date."""
    styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId", "0")) for f in styles.iter(f"{{{_NS['m']}}}numFmt")
              if re.search(r"[dy]", (f.get("formatCode") or "").lower().split(";")[0])
              and "[h]" not in (f.get("formatCode") or "")}
    xfs = styles.find("m:cellXfs", _NS)
    date_styles: set[int] = set()
    for i, xf in enumerate(xfs.findall("m:xf", _NS) if xfs is not None else []):
        fmt = int(xf.get("numFmtId", "0"))
        if fmt in _DATE_FORMATS or fmt in custom:
            date_styles.add(i)
    return date_styles


def _sheet_rows(root: ElementTree.Element, shared: list[str], date_styles: set[int]
                ) -> list[list[str]]:
    rows = []
    for row in root.iter(f"{{{_NS['m']}}}row"):
        cells = {_col_index(c.get("r", "A")): _cell_value(c, shared, date_styles)
                 for c in row.findall("m:c", _NS)}
        if cells:
            rows.append([cells.get(i, "") for i in range(max(cells) + 1)])
    return rows


def _cell_value(c: ElementTree.Element, shared: list[str], date_styles: set[int]) -> str:
    kind, style = c.get("t"), int(c.get("s", "0"))
    v = c.find("m:v", _NS)
    text = v.text if v is not None and v.text is not None else ""
    if kind == "s" and text:
        return shared[int(text)]
    if kind == "inlineStr":
        return "".join(t.text or "" for t in c.iter(f"{{{_NS['m']}}}t"))
    if kind == "b":
        return "TRUE" if text == "1" else "FALSE"
    if kind in (None, "n") and text and style in date_styles:
        when = datetime(1899, 12, 30) + timedelta(days=float(text))
        return when.date().isoformat() if when.time() == datetime.min.time() \
            else when.isoformat()
    if kind in (None, "n") and text:
        number = float(text)
        return str(int(number)) if number.is_integer() else repr(number)
    return text
