"""Finds the places a question names: local authorities, regions, combined authorities, nations.

Matching is on whole words only (so "Bury" is not found in "Canterbury"), longest names
first, against the bundled ONS/mySociety lookups; ambiguous names are reported, not guessed.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict

import duckdb
from pydantic import BaseModel, Field

GSS_CODE = re.compile(r"\b([EWSNK]\d{8})\b")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
LOCAL_LEVELS = ("unitary", "metropolitan_district", "london_borough", "district", "county",
                "welsh_unitary", "scottish_unitary", "ni_district")
# Place names that are also everyday words count only when written with a capital letter.
EVERYDAY_WORDS = frozenset({"reading", "bath", "wells", "sale", "street", "eden", "mid",
                            "north", "south", "east", "west", "central", "city", "county",
                            "borough", "district", "fylde", "test", "valley", "wick", "paisley",
                            "hurn", "nairn"})
ENGLAND = "E92000001"  # the country code every England-wide figure carries
MAX_WORDS = 7
FUZZY_MIN_LENGTH = 6
FUZZY_CUTOFF = 0.88
FUZZY_CUTOFF_NAME = 0.85  # a capitalised word is likelier a name: one slip in seven letters
SHORT_NAME = re.compile(r" (?:upon|under|on) ")


class Place(BaseModel):
    code: str
    name: str
    level: str
    nation: str | None = None
    region_code: str | None = None
    region_name: str | None = None
    county_code: str | None = None
    ca_code: str | None = None
    ca_name: str | None = None
    active: bool = True
    # codes of lesser places with the same name (a weather station called Sheffield)
    alternates: list[str] = Field(default_factory=list)

    @property
    def is_local(self) -> bool:
        return self.level in LOCAL_LEVELS


class PlaceMatch(BaseModel):
    text: str
    start: int
    candidates: list[Place]
    corrected: str | None = None  # set when the question's spelling was close, not exact

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


def normalise(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("-", " ")
    return " ".join(WORD.findall(text))


def _add_short_names(places: list[Place], aliases: dict[str, set[str]]) -> None:
    """'Newcastle' for Newcastle upon Tyne and Newcastle-under-Lyme alike: people say the
    short name, so it becomes an alias — ambiguous where two places share it."""
    short: dict[str, set[str]] = defaultdict(set)
    for place in places:
        if place.active and place.is_local:
            head = SHORT_NAME.split(normalise(place.name))[0]
            if head != normalise(place.name) and len(head) >= 4:
                short[head].add(place.code)
    for head, codes in short.items():
        if head not in aliases:
            aliases[head] = codes


class Gazetteer:
    """All names of all places, loaded once from the `places` and `place_names` tables."""

    def __init__(self, places: list[Place], aliases: dict[str, set[str]]) -> None:
        self.places = {p.code: p for p in places}
        self.aliases = aliases
        self.local: dict[str, set[str]] = defaultdict(set)  # alias → codes of local places
        self.single_words = [a for a in aliases if " " not in a and len(a) >= FUZZY_MIN_LENGTH]

    def add_local(self, places: list[Place]) -> None:
        """Places known only to one table (weather stations). They answer to their names but
        never make an area's name ambiguous: 'Sheffield' stays the city, with the station as
        an alternate the planner uses when only station data can answer."""
        for place in places:
            if place.code in self.places:
                continue
            self.places[place.code] = place
            # 'Heathrow (London Airport)' is also just 'Heathrow'
            short = normalise(re.sub(r"\(.*?\)", " ", place.name))
            for alias in dict.fromkeys([normalise(place.name), short]):
                if len(alias) < 3:
                    continue
                self.local[alias].add(place.code)
                if alias not in self.aliases:
                    self.aliases[alias] = {place.code}

    @classmethod
    def from_connection(cls, con: duckdb.DuckDBPyConnection) -> Gazetteer:
        fields = [f for f in Place.model_fields if f != "alternates"]
        rows = con.execute(f"SELECT {', '.join(fields)} FROM places").fetchall()
        places = [Place(**dict(zip(fields, r, strict=True))) for r in rows]
        aliases: dict[str, set[str]] = defaultdict(set)
        for place in places:
            aliases[normalise(place.name)].add(place.code)
        for name, code in con.execute("SELECT name, code FROM place_names").fetchall():
            if code:
                aliases[normalise(str(name))].add(str(code))
        _add_short_names(places, aliases)
        return cls(places, {k: v for k, v in aliases.items() if len(k) >= 3})

    def place(self, code: str) -> Place | None:
        return self.places.get(code)

    def _candidates(self, alias: str) -> list[Place]:
        found = [self.places[c] for c in self.aliases.get(alias, ()) if c in self.places]
        active = [p for p in found if p.active]
        chosen = active or found
        unique = {p.code: p for p in chosen}
        ranked = sorted(unique.values(), key=lambda p: (p.level, p.name))
        lesser = sorted(self.local.get(alias, set()) - set(unique))
        return [p.model_copy(update={"alternates": lesser}) for p in ranked] if lesser \
            else ranked

    def _needs_capital(self, alias: str) -> bool:
        """'reading' or a station called 'Valley' is a place only when written as a name."""
        return alias in EVERYDAY_WORDS

    def find(self, question: str) -> list[PlaceMatch]:
        """Non-overlapping place mentions, in the order they appear; exact names first, then
        close spellings of longer words ('Liverpol')."""
        matches = [PlaceMatch(text=c, start=m.start(), candidates=[self.places[c]])
                   for m in GSS_CODE.finditer(question) if (c := m.group(1)) in self.places]
        words = [(m.group(0), m.start()) for m in WORD.finditer(question.lower())]
        used = {i for i, (w, _) in enumerate(words) if GSS_CODE.fullmatch(w.upper())}
        for size in range(min(MAX_WORDS, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                if used.intersection(range(i, i + size)):
                    continue
                alias = " ".join(w for w, _ in words[i:i + size])
                if size == 1 and self._needs_capital(alias) \
                        and not question[words[i][1]].isupper():
                    continue
                candidates = self._candidates(alias) or (  # "Wales's emissions"
                    self._candidates(alias[:-2]) if alias.endswith("'s") else [])
                if candidates:
                    used.update(range(i, i + size))
                    matches.append(PlaceMatch(text=alias, start=words[i][1],
                                              candidates=candidates))
        matches += self._close_spellings(question, words, used)
        return sorted(matches, key=lambda m: m.start)

    def _close_spellings(self, original: str, words: list[tuple[str, int]], used: set[int]
                         ) -> list[PlaceMatch]:
        found = []
        for i, (word, start) in enumerate(words):
            if i in used or len(word) < FUZZY_MIN_LENGTH or word in self.aliases:
                continue
            cutoff = FUZZY_CUTOFF_NAME if original[start].isupper() else FUZZY_CUTOFF
            close = difflib.get_close_matches(word, self.single_words, n=1, cutoff=cutoff)
            candidates = self._candidates(close[0]) if close else []
            if candidates:
                found.append(PlaceMatch(text=word, start=start, candidates=candidates,
                                        corrected=candidates[0].name))
        return found
