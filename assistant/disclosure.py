"""Statistical disclosure control: no personal data in, no small counts of people out.

Three rules, documented in docs/safety.md:

* ingest: `check_not_personal` refuses tables that look like row-level personal data;
* query: `check_differencing` refuses arithmetic that could recover a suppressed count
  by subtracting one published figure from another;
* answer: `suppress` blanks counts of people between 1 and threshold-1.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from sqlglot import exp

from assistant.errors import DisclosureRisk, PersonalDataError
from assistant.models import Result, Scalar

_PERSON_NAME_SUFFIXES = (
    "first_name", "firstname", "forename", "forenames", "given_name", "given_names",
    "surname", "last_name", "lastname", "family_name", "full_name", "fullname",
    "middle_name", "middle_names", "maiden_name",
)  # fmt: skip
_PERSON_WORDS = frozenset({
    "person", "patient", "pupil", "student", "employee", "customer", "client",
    "resident", "member", "applicant", "claimant", "child", "mother", "father",
    "parent", "victim", "offender", "respondent", "individual", "citizen", "voter",
    "tenant", "worker", "contact", "staff", "donor",
})  # fmt: skip
# 'parent_area_name', 'provider_name': names of places and organisations, not people
_NOT_PEOPLE_WORDS = frozenset({
    "area", "la", "authority", "region", "county", "district", "ward", "station", "org",
    "organisation", "organization", "company", "charity", "school", "provider", "trust",
    "practice", "council", "place", "site", "body", "geography", "nation", "country",
})  # fmt: skip
_BIRTH = frozenset({"date_of_birth", "dob", "birth_date", "birthdate", "date_birth", "birthday"})
_NHS = frozenset({"nhs_number", "nhs_no", "nhsno", "nhsnumber", "nhs_num", "chi_number"})
_NINO = frozenset({"ni_number", "ni_no", "nino", "nat_ins_no", "national_insurance_number"})
_PHONE = frozenset({"phone", "telephone", "phone_number", "mobile", "mobile_number", "tel"})
_EMAIL = frozenset({"email", "e_mail", "email_address"})
_PERSON_IDS = frozenset({"upn", "unique_pupil_number", "uln", "person_id", "patient_id"})
_QUASI = frozenset({
    "age", "sex", "gender", "ethnicity", "ethnic", "religion", "marital", "occupation",
    "nationality", "disability", "postcode",
})  # fmt: skip
_MEASURES = frozenset({
    "count", "counts", "number", "numbers", "total", "totals", "value", "values",
    "population", "households", "people", "persons", "rate", "rates", "pct", "percent",
    "percentage", "proportion", "share", "n", "sum", "mean", "median", "estimate",
    "frequency", "freq", "amount",
})  # fmt: skip

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_POSTCODE_RE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$", re.I)
_NINO_RE = re.compile(r"^[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]$", re.I)
_NHS_RE = re.compile(r"^\d{3}[ -]?\d{3}[ -]?\d{4}$")
_PHONE_RE = re.compile(r"^(\+44 ?\(?0?\)?|0)\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}$")


def _snake(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _column_rule(name: str) -> str | None:
    """Which personal-data rule a (snake_case) column name trips, if any."""
    tokens = name.split("_")
    if name.endswith(_PERSON_NAME_SUFFIXES):
        return "names of people"
    if (tokens[-1] == "name" and _PERSON_WORDS.intersection(tokens[:-1])
            and not _NOT_PEOPLE_WORDS.intersection(tokens)):
        return "names of people"
    if name in _BIRTH or name.endswith(("_dob", "date_of_birth")):
        return "dates of birth"
    if name in _NHS or ("nhs" in tokens and tokens[-1] in {"number", "no", "num"}):
        return "NHS numbers"
    if name in _NINO or "national_insurance" in name:
        return "National Insurance numbers"
    if name in _EMAIL or "email" in tokens:
        return "email addresses"
    if name in _PHONE or {"phone", "telephone"}.intersection(tokens):
        return "phone numbers"
    if name in _PERSON_IDS or (
        tokens[-1] in {"id", "number", "no", "ref"} and _PERSON_WORDS.intersection(tokens)
    ):
        return "identifiers of individual people"
    return None


def _value_rule(values: Sequence[object]) -> str | None:
    """Which personal-data pattern most sampled values of one column match, if any."""
    texts = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if not texts:
        return None
    checks = (
        ("email addresses", lambda s: bool(_EMAIL_RE.match(s))),
        ("full postcodes", lambda s: bool(_POSTCODE_RE.match(s))),
        ("National Insurance numbers", lambda s: bool(_NINO_RE.match(s))),
        ("NHS numbers", _is_nhs_number),
        ("phone numbers", lambda s: bool(_PHONE_RE.match(s))),
    )
    for rule, matches in checks:
        if sum(1 for t in texts if matches(t)) * 2 >= len(texts):
            return rule
    return None


def _is_nhs_number(text: str) -> bool:
    """A 10-digit number whose mod-11 check digit is valid."""
    if not _NHS_RE.match(text):
        return False
    digits = [int(d) for d in text if d.isdigit()]
    check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    return (0 if check == 11 else check) == digits[9]


def _one_row_per_person(names: Sequence[str]) -> bool:
    """Several personal traits and no measure column: each row is probably a person."""
    tokens = [set(n.split("_")) for n in names]
    traits = sum(1 for t in tokens if _QUASI & t)
    measures = sum(1 for t in tokens if _MEASURES & t)
    return traits >= 2 and measures == 0


def check_not_personal(columns: Sequence[str], sample_rows: Sequence[Sequence[object]]) -> None:
    """Refuse row-level personal data at ingest; organisation and area names are fine."""
    names = [_snake(c) for c in columns]
    for column, name in zip(columns, names, strict=True):
        rule = _column_rule(name)
        if rule:
            raise PersonalDataError(
                f"column {column!r} looks like {rule}", column=column, rule=rule
            )
    for index, column in enumerate(columns):
        values = [row[index] for row in sample_rows if index < len(row)]
        rule = _value_rule(values)
        if rule:
            raise PersonalDataError(
                f"values in column {column!r} look like {rule}", column=column, rule=rule
            )
    if _one_row_per_person(names):
        raise PersonalDataError(
            "the table looks like one row per person (personal traits, no counts)",
            columns=list(columns),
            rule="one row per person",
        )


def _norm(name: str) -> str:
    return name.lower() if name.isascii() else name


def _mentions(node: exp.Expr, counts: Collection[str]) -> bool:
    return any(_norm(c.name) in counts for c in node.find_all(exp.Column))


def _is_negative(node: exp.Expr) -> bool:
    return node.find(exp.Neg) is not None or any(
        not lit.is_string and str(lit.this).startswith("-") for lit in node.find_all(exp.Literal)
    )


def check_differencing(expression: exp.Expr, count_columns: Collection[str]) -> None:
    """Refuse subtraction (or negation) of counts of people anywhere in a query.

    `total - SUM(group)` or `SUM(a) - SUM(b)` can rebuild a cell the publisher or
    `suppress` blanked; sums, averages and ratios of counts are still allowed.
    """
    counts = {_norm(c) for c in count_columns}
    if not counts:
        return
    for node in expression.walk():
        risky = (
            (isinstance(node, exp.Sub) and _mentions(node, counts))
            or (isinstance(node, exp.Neg) and _mentions(node, counts))
            or (isinstance(node, exp.Mul | exp.Div) and _mentions(node, counts)
                and _is_negative(node))
        )  # fmt: skip
        if risky:
            raise DisclosureRisk(
                "subtracting counts of people can reveal suppressed small numbers:"
                f" {node.sql(dialect='duckdb')}"
            )


_PASS_THROUGH = (exp.Alias, exp.Round, exp.Cast, exp.TryCast, exp.Coalesce, exp.Paren)
_COUNT_KEEPING = (exp.Sum, exp.Min, exp.Max, exp.AnyValue, exp.First, exp.Last, exp.Median)
_UNWRAP = (*_PASS_THROUGH, *_COUNT_KEEPING)


def _carries_count(node: exp.Expr, counts: set[str]) -> bool:
    """A bare count column, or an aggregate that keeps it a count (SUM, MIN, MAX...)."""
    while isinstance(node, _UNWRAP):
        node = node.this
    return isinstance(node, exp.Column) and _norm(node.name) in counts


def count_outputs(query: exp.Expr, count_columns: Collection[str]) -> set[str]:
    """Names of the query's output columns that carry counts of people (for `suppress`).

    Ratios and averages are not counts. A name marked as a count in any CTE or subquery
    is treated as a count everywhere: over-suppressing is the safe mistake.
    """
    counts = {_norm(c) for c in count_columns}
    selects = list(query.find_all(exp.Select))
    for select in reversed(selects):  # innermost first, so CTE outputs are known
        for projection in select.expressions:
            if _carries_count(projection, counts):
                counts.add(_norm(projection.alias_or_name))
    outer = query
    while isinstance(outer, exp.SetOperation | exp.Subquery):
        outer = outer.this
    out: set[str] = set()
    if not isinstance(outer, exp.Select):
        return out
    for projection in outer.selects:
        if isinstance(projection, exp.Star) or (
            isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star)
        ):
            out |= counts
        elif _norm(projection.alias_or_name) in counts:
            out.add(projection.alias_or_name)
    return out


def _is_number(value: Scalar) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def suppress(result: Result, count_columns: set[str], threshold: int) -> tuple[Result, list[str]]:
    """Blank counts of people from 1 to threshold-1; say when the source had blanks too.

    Zero is shown: "none" reveals nothing about an individual, and hiding it would
    make every small area look suppressed.
    """
    wanted = {_norm(c) for c in count_columns}
    count_idx = [i for i, c in enumerate(result.columns) if _norm(c) in wanted]
    value_idx = [
        i for i in range(len(result.columns))
        if any(_is_number(row[i]) for row in result.rows)
    ]  # fmt: skip
    rows = [list(row) for row in result.rows]
    blanked = 0
    for row in rows:
        for i in count_idx:
            value = row[i]
            if _is_number(value) and 0 < float(value) < threshold:  # type: ignore[arg-type]
                row[i] = None
                blanked += 1
    caveats: list[str] = []
    if blanked:
        caveats.append(f"{blanked} count(s) below {threshold} are not shown, to protect privacy.")
    source_blanks = sorted({result.columns[i] for i in {*count_idx, *value_idx}
                            for row in result.rows if row[i] is None})  # fmt: skip
    if source_blanks:
        caveats.append(
            "Some values are empty because the source suppressed or did not publish them"
            f" ({', '.join(source_blanks)})."
        )
    return result.model_copy(update={"rows": rows}), caveats
