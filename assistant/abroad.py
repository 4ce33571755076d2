"""Places outside the UK that people ask about, so 'New York' is not read as York.

The bundled data covers UK areas only; a question about another country gets an honest
no_answer instead of the nearest UK place's figure.
"""

from __future__ import annotations

import re

COUNTRIES = [
    "France", "Germany", "Spain", "Italy", "Portugal", "Netherlands", "Belgium", "Sweden",
    "Norway", "Denmark", "Finland", "Poland", "Greece", "Switzerland", "Austria", "Europe",
    "Republic of Ireland", "United States", "USA", "America", "Canada", "Mexico", "Brazil",
    "Argentina", "China", "Japan", "India", "Pakistan", "Bangladesh", "Australia",
    "New Zealand", "South Africa", "Nigeria", "Kenya", "Egypt", "Russia", "Ukraine", "Turkey",
]
CITIES = [
    "Paris", "New York", "Dublin", "Berlin", "Madrid", "Barcelona", "Rome", "Milan", "Lisbon",
    "Amsterdam", "Brussels", "Stockholm", "Oslo", "Copenhagen", "Vienna", "Prague", "Warsaw",
    "Athens", "Tokyo", "Beijing", "Shanghai", "Delhi", "Mumbai", "Sydney", "Melbourne",
    "Toronto", "Vancouver", "Los Angeles", "San Francisco", "Chicago", "Washington DC",
    "Moscow", "Istanbul", "Dubai", "Singapore", "Hong Kong",
]
ABROAD = re.compile(r"(?<!Northern )\b(" + "|".join(
    re.escape(n) for n in sorted(COUNTRIES + CITIES, key=len, reverse=True)) + r")\b")


def place_abroad(question: str) -> str | None:
    """The first non-UK place named (capitalised, as place names are written), if any."""
    m = ABROAD.search(question)
    return m.group(1) if m else None
