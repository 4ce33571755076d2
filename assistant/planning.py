"""Turns a question plus retrieved measures into a `Plan`, a clarifying question, or an
honest "the data can't answer that" — using only the semantic layer, never per-dataset rules.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from assistant.abroad import place_abroad
from assistant.conversation import Turn, is_follow_up, topic_words, year_before
from assistant.dimensions import mentioned_values, named_filter_values
from assistant.fit import (
    COUNT_WORDS,
    JUDGED,
    RECENCY,
    SIZE_WORDS,
    companions,
    is_share,
    kind_fit,
    money_unanswered,
    newest_editions,
)
from assistant.followups import MIN_SIMILARITY, carry_over, follow_candidates, follow_places
from assistant.geography import ENGLAND, Gazetteer, Place, PlaceMatch
from assistant.intents import AREAS, Reading, read_intent
from assistant.models import Clarification, Suggestion
from assistant.period_plan import period_plan
from assistant.periods import PeriodQuery, parse_periods
from assistant.plan import Discovery, NeedsClarification, NoAnswer, Plan, PlanOutcome
from assistant.retrieval import Candidate, Retrieval
from assistant.semantic import Measure
from assistant.synonyms import SynonymIndex, named_by

WHOLE_UK = {"K02000001", "K03000001", "K04000001"}  # UK, Great Britain, England and Wales
SINGLE_TIER = ["welsh_unitary", "scottish_unitary", "ni_district"]  # UK-wide tables
LOWER_TIER = ["district", "unitary", "metropolitan_district", "london_borough", *SINGLE_TIER]
UPPER_TIER = ["county", "unitary", "metropolitan_district", "london_borough", *SINGLE_TIER]
ENGLISH = re.compile(r"\bEnglish\b")
AREA_GROUPS = {"region", "combined_authority", "country"}
# A measure sharing no word with the question must be very close in meaning to be used:
# 'childminders' is not answered with pupil numbers.
UNCOVERED_SIMILARITY = 0.6
ACROSS = re.compile(r"\bacross\b", re.I)  # "average … across councils in X": not X's own figure
DEFAULT_RANK_LIMIT = 10
NAMED_BONUS = 0.15  # a measure the question names by a catalogue synonym, not retrieved
# A measure whose own words make up nearly all of the question's topic (two or more of them)
# may be less close in meaning: long everyday questions embed far from short labels.
NAMED_WORDS = 2
NAMED_SIMILARITY = 0.2


class Question(BaseModel):
    """What the readers found in the question before a measure is chosen."""

    text: str
    places: list[Place]
    periods: PeriodQuery
    reading: Reading
    previous: Turn | None = None
    topic: list[str] = []  # words left once places, periods and filler are gone
    notes: list[str] = []
    abroad: str | None = None  # a place outside the UK the question names


class Planner:
    def __init__(self, gazetteer: Gazetteer, areas: dict[str, set[str]],
                 measures: dict[str, Measure]) -> None:
        self.gazetteer = gazetteer
        self.areas = areas
        self.measures = measures
        self.synonyms = SynonymIndex(measures.values())

    def read(self, text: str, previous: Turn | None = None) -> Question | NeedsClarification:
        matches = self.gazetteer.find(text)
        ambiguous = next((m for m in matches if m.ambiguous), None)
        if ambiguous:
            return _which_place(ambiguous, text)
        places = [m.candidates[0] for m in matches]
        spelled = [f"Read '{m.text}' as {m.corrected}." for m in matches if m.corrected]
        periods = parse_periods(text)
        topic = topic_words(text, [m.text for m in matches])
        follow = previous is not None and (is_follow_up(text) or not topic)
        if follow and previous is not None:
            places = follow_places(text, places, previous)
            periods = year_before(text, previous.periods) or (
                periods if periods.given else previous.periods)
        reading = read_intent(text, len(places), periods.is_range)
        abroad = place_abroad(text)
        if abroad:  # 'New York' is not York
            places = [p for p in places if p.name.lower() not in abroad.lower()]
        return Question(text=text, places=places, periods=periods, reading=reading,
                        previous=previous if follow else None, topic=sorted(topic), notes=spelled,
                        abroad=abroad)

    def _candidates(self, question: Question, retrieval: Retrieval) -> list[Candidate]:
        candidates = retrieval.candidates[:8]
        known = {c.measure.id for c in candidates}
        candidates += [Candidate(measure=self.measures[i], similarity=MIN_SIMILARITY,
                                 score=MIN_SIMILARITY + NAMED_BONUS)
                       for i in self.synonyms.named(question.text) if i not in known]
        prev = question.previous
        if prev is None or prev.measure_id not in self.measures:
            return candidates
        return follow_candidates(set(question.topic), self.measures[prev.measure_id],
                                 candidates, self.measures)

    def plan(self, question: Question, retrieval: Retrieval) -> PlanOutcome:
        if question.reading.intent == "discover":
            return Discovery(hits=retrieval.datasets, topic=question.text)
        if question.abroad and not question.places:
            return _outside_uk(question.abroad, retrieval)
        candidates = self._candidates(question, retrieval)
        newest = newest_editions(question.periods.given, [c.measure for c in candidates])
        fits = [(self._fit(question, c) + (RECENCY if c.measure.id in newest else 0.0), c)
                for c in candidates]
        fits = [(f, c) for f, c in fits
                if (c.similarity >= MIN_SIMILARITY or named_by(question.text, c.measure)
                    or (c.named >= NAMED_WORDS and c.similarity >= NAMED_SIMILARITY))
                and (c.covered or c.similarity >= UNCOVERED_SIMILARITY)
                and not money_unanswered(question.text, c.measure)]
        if not fits:
            return _cannot(question, retrieval)
        _, best = max(fits, key=lambda fc: fc[0] + fc[1].score)
        return self._plan_for(question, best.measure)

    def _fit(self, question: Question, candidate: Candidate) -> float:
        m = candidate.measure
        fit = kind_fit(question.text, m)
        if question.reading.intent in {"rank", "filter"} and is_share(m) \
                and not COUNT_WORDS.search(question.text) and not SIZE_WORDS.search(question.text):
            fit += 0.05  # areas of different sizes are compared fairly by a rate
        if JUDGED.search(question.text) and m.polarity != "neutral":
            fit += 0.1  # 'worse' asks for a measure with a better and a worse direction
        if question.periods.years:
            fit += 0.15 if set(question.periods.years) <= set(m.years) else -0.15
        elif question.periods.start is not None and m.years:
            fit += 0.15 if m.years[0] <= question.periods.start <= m.years[-1] else -0.15
        if question.places and m.geo_column:
            areas = self.areas.get(m.table, set())
            present = sum(p.code in areas or any(a in areas for a in p.alternates)
                          for p in question.places)
            fit += 0.15 * present / len(question.places)
        elif question.places and not m.geo_column:
            fit -= 0.1
        return fit

    def _plan_for(self, question: Question, measure: Measure) -> PlanOutcome:
        reading = _settle_intent(question, measure, self.areas.get(measure.table, set()))
        plan = Plan(reading=reading, measure=measure, filters=dict(measure.filters),
                    notes=list(question.notes))
        outcome = self._place_plan(question, plan)
        if outcome is not None:
            return outcome
        outcome = period_plan(question.text, question.periods, plan)
        if outcome is not None:
            return outcome
        for column, values in named_filter_values(question.text, measure,
                                                  self.measures.values()).items():
            del plan.filters[column]
            plan.group_values[column] = values
            plan.breakdowns.append(column)
        if plan.reading.intent in {"value", "compare", "trend"}:
            plan.also = companions(question.text, measure, list(self.measures.values()))
        _dimension_plan(question.text, plan)
        if plan.reading.over_years and any(  # quarters beside financial years: no one total
                not d.additive for d in measure.dimensions if d.column in plan.breakdowns):
            plan.reading = plan.reading.model_copy(update={"intent": "trend", "aggregate": None,
                                                           "over_years": False})
        if question.previous is not None:
            carry_over(question.text, plan, question.previous,
                       same_period=question.periods == question.previous.periods)
        _shape(plan)
        return plan

    def _place_plan(self, question: Question, plan: Plan) -> PlanOutcome | None:
        m = plan.measure
        if not m.geo_column:
            if question.places:
                plan.notes.append(f"This data is not broken down by area, so it covers "
                                  f"{_coverage(m)} rather than {question.places[0].name}.")
            return None
        areas = self.areas.get(m.table, set())
        intent = plan.reading.intent
        over_months = intent == "aggregate" and plan.reading.by_period and bool(m.month_column)
        group_like = intent in {"rank", "filter", "aggregate"} and not over_months
        for place in question.places:
            if place.code in WHOLE_UK and (group_like or (place.code not in areas
                                                          and len(question.places) > 1)):
                continue  # "which 5 areas in the UK": the whole scope, not a filter
            if group_like and (place.level in AREA_GROUPS or place.level == "county") \
                    and (place.code != ENGLAND or ENGLAND not in areas):
                plan.within = place
            elif place.code in areas:
                plan.places.append(place)
            elif place.level in AREA_GROUPS and (place.code != ENGLAND or m.additive):
                _split_group(place, plan)
            elif alternate := next((self.gazetteer.place(a) for a in place.alternates
                                    if a in areas), None):
                plan.places.append(alternate)  # only the weather station has these figures
            elif place.code == ENGLAND and any(p.code in areas for p in question.places):
                plan.notes.append(f"{m.label} is not published for England as a whole.")
            elif not self._roll_up(place, plan, areas):
                return _missing_place(place, m)
        if group_like and plan.within is None and ENGLISH.search(question.text) \
                and ENGLAND not in {p.code for p in question.places}:
            plan.within = self._england()  # "English councils" in a UK-wide table
        if group_like or plan.within is not None:
            plan.levels = _rank_levels(m, plan.reading.level)
            plan.places = [p for p in plan.places if p.code != ENGLAND] if intent != "aggregate" \
                else plan.places
        elif not plan.places:
            return self._default_place(question, plan, areas)
        if intent == "compare" and len(plan.places) == 1 and ENGLAND in areas \
                and plan.places[0].code != ENGLAND:
            plan.places.append(self._england())
        return None

    def _england(self) -> Place:
        return self.gazetteer.place(ENGLAND) or Place(code=ENGLAND, name="England",
                                                       level="country")

    def _roll_up(self, place: Place, plan: Plan, areas: set[str]) -> bool:
        """A district missing from upper-tier data is answered for its county, and said so."""
        county = self.gazetteer.place(place.county_code) if place.county_code else None
        if county and county.code in areas:
            plan.places.append(county)
            plan.notes.append(f"{plan.measure.label} is published for upper-tier authorities, "
                              f"so this shows {county.name}, which includes {place.name}.")
            return True
        return False

    def _default_place(self, question: Question, plan: Plan, areas: set[str]
                       ) -> PlanOutcome | None:
        if ENGLAND in areas:
            plan.places.append(self._england())
            plan.notes.append("No area was named, so this shows England.")
            return None
        if question.reading.intent == "trend" or len(areas) <= 1:
            return None
        return NeedsClarification(
            clarification=Clarification(
                question=f"Which area do you mean? {plan.measure.label} is published by area.",
                options=sorted(self._area_names(areas))[:8]),
            measure=plan.measure)

    def _area_names(self, codes: set[str]) -> list[str]:
        return [p.name for c in codes if (p := self.gazetteer.place(c)) and p.level == "region"] \
            or [p.name for c in list(codes)[:8] if (p := self.gazetteer.place(c))]


def _settle_intent(question: Question, m: Measure, areas: set[str]) -> Reading:
    """Correct the wording-only reading with what the measure is: 'average gas use in Leeds'
    is one published value, not an average across areas; one year is not a trend."""
    r = question.reading
    if r.over_years and not m.additive:  # a rate over the years is a series, not a sum
        return r.model_copy(update={"intent": "trend", "aggregate": None, "over_years": False})
    if r.intent == "aggregate" and not r.over_years:
        word = {"avg": ("average", "mean"), "median": ("median",), "sum": ("total",)}
        in_label = any(w in m.label.lower() for w in word[r.aggregate or "sum"])
        places_are_rows = bool(question.places) and all(p.code in areas
                                                         for p in question.places)
        over_areas = bool(ACROSS.search(question.text) or AREAS.search(question.text))
        over_months = r.by_period and m.month_column is not None  # 'average monthly rain'
        if in_label or (places_are_rows and not over_areas and not over_months):
            intent = "compare" if len(question.places) > 1 else "value"
            return r.model_copy(update={"intent": intent, "aggregate": None})
    if r.intent == "trend" and len(question.periods.years) == 1 \
            and not question.periods.is_range and not r.by_period:
        return r.model_copy(update={"intent": "compare" if len(question.places) > 1
                                    else "value"})
    return r


def _split_group(place: Place, plan: Plan) -> None:
    """A region or combined authority the data does not publish as a whole: add up its
    councils when the measure is a count, otherwise show each council."""
    plan.within = place
    m = plan.measure
    if m.additive and plan.reading.intent in {"value", "compare"}:
        plan.reading = plan.reading.model_copy(update={"intent": "aggregate",
                                                       "aggregate": "sum"})
        plan.notes.append(f"{m.label} is not published for {place.name} as a whole, so this "
                          f"adds up the figures of its local authorities.")
    else:
        plan.reading = plan.reading.model_copy(update={"intent": "compare"})
        plan.notes.append(f"{m.label} is not published for {place.name} as a whole, so this "
                          f"shows each of its local authorities.")


def _coverage(m: Measure) -> str:
    return "the whole country" if not m.geo_column else f"{m.area_count} areas"


def _which_place(match: PlaceMatch, text: str) -> NeedsClarification:
    options = {f"{p.name} ({p.level.replace('_', ' ')}"
               + (f", {p.region_name})" if p.region_name else ")"): p for p in match.candidates}
    pattern = re.compile(re.escape(match.text), re.I)
    rewrites = {o: pattern.sub(p.code, text, count=1) for o, p in options.items()}
    return NeedsClarification(clarification=Clarification(
        question=f"There is more than one place called '{match.text}'. Which one do you mean?",
        options=list(options)), rewrites=rewrites)


def _missing_place(place: Place, m: Measure) -> NoAnswer:
    levels = ", ".join(sorted({lv.replace("_", " ") for lv in m.geo_levels})) or "other areas"
    return NoAnswer(
        reason=f"{m.label} is not published for {place.name}; this data covers {levels}.",
        suggestions=[Suggestion(text=f"{m.label} for England", dataset_id=m.dataset_id)])


def _outside_uk(place: str, retrieval: Retrieval) -> NoAnswer:
    suggestions = [Suggestion(text=f"{c.measure.label} for England",
                              dataset_id=c.measure.dataset_id)
                   for c in retrieval.candidates[:2]]
    return NoAnswer(reason=f"The data here covers the UK only, so it has no figures for "
                           f"{place}.", suggestions=suggestions)


def _cannot(question: Question, retrieval: Retrieval) -> NoAnswer:
    suggestions = [Suggestion(text=c.measure.label, dataset_id=c.measure.dataset_id)
                   for c in retrieval.candidates[:3]]
    return NoAnswer(reason="I couldn't find data that answers this question.",
                    suggestions=suggestions)


def _rank_levels(m: Measure, asked: str | None = None) -> list[str]:
    """The level the question names when the data has it, else councils of one tier."""
    levels = set(m.geo_levels)
    if asked in levels:
        return [asked]
    if "district" in levels:
        return [lv for lv in LOWER_TIER if lv in levels]
    local = [lv for lv in UPPER_TIER if lv in levels]
    if local:
        return local
    return [lv for lv in levels if lv not in {"country"}]


def _dimension_plan(question: str, plan: Plan) -> None:
    """Filter on named breakdown values, else on the total; counts are added up across a
    breakdown with no total, rates are shown per value (they cannot be added)."""
    m = plan.measure
    for dim in m.dimensions:
        if dim.column in plan.filters:
            continue
        named = mentioned_values(question, dim)
        if len(named) == 1:
            plan.filters[dim.column] = named[0]
        elif len(named) > 1:
            plan.group_values[dim.column] = named
            plan.breakdowns.append(dim.column)
        elif dim.default:
            plan.filters[dim.column] = dim.default
        elif m.additive and dim.additive:
            plan.summed.append(dim.column)
        else:
            plan.breakdowns.append(dim.column)


def _shape(plan: Plan) -> None:
    r = plan.reading
    if r.intent == "rank":
        direction = r.direction
        if r.best_worst:
            good_high = plan.measure.polarity != "lower_is_better"
            direction = "desc" if (r.best_worst == "best") == good_high else "asc"
            if plan.measure.polarity == "neutral":
                plan.notes.append("This measure has no 'better' direction; higher is shown first.")
        plan.order = direction or "desc"
        plan.limit = r.n or DEFAULT_RANK_LIMIT
    elif r.intent == "filter":
        plan.order = "desc"
