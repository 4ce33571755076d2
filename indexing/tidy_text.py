"""Text rules for shaping uncurated files: column names, labels, units, numbers, markers.

Headers become snake_case column names and readable labels; cells become numbers once
separators, `%` and `£` are dropped; suppression markers (`..`, `x`, `[c]`, …) become NULL.
"""

from __future__ import annotations

import re
from pathlib import Path

from indexing.inference import normalise_unit

MARKERS = ("", "..", ".", ":", "-", "–", "—", "x", "c", "z", "u", "n/a", "na", "null", "none",
           "*", "[c]", "[x]", "[z]", "[u]", "[low]", "[w]", "suppressed", "not available")
ABBREVIATIONS = {"pop": "population", "pct": "percentage", "perc": "percentage",
                 "hh": "households", "la": "local authority", "lad": "local authority district",
                 "no": "number", "num": "number", "avg": "average", "yr": "year",
                 "yrs": "years", "est": "estimate", "emp": "employment", "gva": "GVA",
                 "fsm": "FSM", "uk": "UK", "gp": "GP", "nhs": "NHS", "co2": "CO2"}


def snake(text: str) -> str:
    text = text.replace("%", " pct ").replace("£", " gbp ").replace("&", " and ")
    name = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "column"
    if name[0].isdigit():
        name = "c_" + name
    return name[:60].rstrip("_")


def humanise(text: str) -> str:
    """'POP_RANK' → 'Population rank'; 'children-in-relative-poverty' → 'Children in …'."""
    shouting = text.isupper()
    words = [w for w in re.split(r"[\s_\-]+", text.strip()) if w]
    out = [ABBREVIATIONS.get(w.lower(), w.lower() if shouting and len(w) > 3 else w)
           for w in words]
    sentence = " ".join(out)
    return sentence[:1].upper() + sentence[1:]


def split_unit(header: str) -> tuple[str, str | None]:
    """'Price paid (pence per litre)' → ('Price paid', 'pence per litre');
    'Industry Total:kt CO2' → ('Industry Total', 'kt CO2'); 'Percentage (%)' → (…, '%')."""
    text = " ".join(header.split())
    m = re.match(r"^(.*?)\s*[(\[]([^()\[\]]+)[)\]]\s*$", text) or re.match(
        r"^([^:]+):\s*([^:]{1,25})$", text)
    if m and not re.search(r"(1[6-9]|20)\d\d", m.group(2)):  # '(2014 to 2025)' is no unit
        return m.group(1).strip(" :-") or text, normalise_unit(m.group(2))
    return text, None


def file_title(name: str) -> str:
    """A readable title from a file name, for a dataset added without one."""
    stem = Path(name).name
    for suffix in (".csv", ".xlsx", ".xls", ".parquet", ".txt", ".tsv"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return humanise(stem.replace(".", " "))


def unique_name(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{name}_{n}"
        n += 1
    taken.add(candidate)
    return candidate


def clean_text(expr: str) -> str:
    return f"nullif(trim(CAST({expr} AS VARCHAR)), '')"


def number_sql(expr: str) -> str:
    """Text → DOUBLE: separators, %, £ and spaces removed; markers fail the cast (NULL)."""
    return (f"TRY_CAST(regexp_replace(trim(CAST({expr} AS VARCHAR)), '[,£%\\s]', '', 'g') "
            f"AS DOUBLE)")


def is_marker(value: str) -> bool:
    return value.strip().lower() in MARKERS


def parses_number(value: str) -> bool:
    try:
        float(re.sub(r"[,£%\s]", "", value))
    except ValueError:
        return False
    return True


def tokens(name: str) -> set[str]:
    return set(snake(name).split("_"))
