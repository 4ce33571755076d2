"""Disclosure control: personal data refused at ingest, small counts blanked at answer time."""

from __future__ import annotations

import csv

import pytest
import sqlglot

from assistant.disclosure import check_differencing, check_not_personal, count_outputs, suppress
from assistant.errors import DisclosureRisk, PersonalDataError
from assistant.models import Result, Scalar
from tests.sqlfixtures import COUNT_COLUMNS, raw_csv

COUNTS = {"households", "fuel_poor_households"}


def parse(sql: str) -> sqlglot.exp.Expr:
    return sqlglot.parse_one(sql, dialect="duckdb")


def test_real_published_table_is_not_personal() -> None:
    with raw_csv().open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    check_not_personal(rows[0], rows[1:50])


@pytest.mark.parametrize(
    "column",
    [
        "first_name", "Surname", "Full Name", "forename", "patient_name", "date_of_birth",
        "DOB", "nhs_number", "NHS No", "ni_number", "NINO", "email", "Email Address",
        "phone", "mobile_number", "pupil_id", "UPN",
    ],
)  # fmt: skip
def test_personal_column_names_are_refused(column: str) -> None:
    with pytest.raises(PersonalDataError) as info:
        check_not_personal(["area_code", column], [["E06000001", "x"]])
    assert info.value.details["column"] == column
    assert info.value.code == "personal_data"


@pytest.mark.parametrize(
    "column",
    ["area_name", "charity_name", "la_name", "station_name", "name", "company_name",
     "region_name", "school_name", "mobile_coverage_pct", "number_of_households"],
)  # fmt: skip
def test_organisation_and_area_names_are_fine(column: str) -> None:
    check_not_personal(["area_code", column, "value"], [["E06000001", "Hartlepool", 3]])


@pytest.mark.parametrize(
    ("values", "rule"),
    [
        (["jo@example.com", "sam@example.org"], "email addresses"),
        (["SW1A 1AA", "m1 1ae", "EH1 2NG"], "full postcodes"),
        (["QQ 12 34 56 C", "AB123456D"], "National Insurance numbers"),
        (["943 476 5919", "9434765919"], "NHS numbers"),
        (["07700 900123", "+44 20 7946 0958"], "phone numbers"),
    ],
)
def test_personal_values_are_refused_whatever_the_column_name(values: list[str], rule: str) -> None:
    with pytest.raises(PersonalDataError) as info:
        check_not_personal(["area_code", "field"], [["E06000001", v] for v in values])
    assert info.value.details["rule"] == rule


def test_postcode_districts_and_gss_codes_are_fine() -> None:
    rows = [["SW1A", "E09000033", 12], ["M1", "E08000003", 40], ["EH1", "S12000036", 7]]
    check_not_personal(["postcode_district", "area_code", "count"], rows)


def test_one_row_per_person_shape_is_refused() -> None:
    with pytest.raises(PersonalDataError) as info:
        check_not_personal(["age", "sex", "ethnicity", "town"], [[34, "F", "White", "Leeds"]])
    assert info.value.details["rule"] == "one row per person"
    # the same traits with a count column are an aggregate table, which is fine
    check_not_personal(["age_band", "sex", "count"], [["30-34", "F", 1204]])


def result(columns: list[str], rows: list[list[Scalar]]) -> Result:
    return Result(columns=columns, rows=rows)


def test_suppress_blanks_one_to_four_and_keeps_zero() -> None:
    res = result(["area", "n", "pct"], [["a", 0, 1.0], ["b", 1, 2.0], ["c", 4, 3.0], ["d", 5, 4]])
    out, caveats = suppress(res, {"n"}, 5)
    assert [r[1] for r in out.rows] == [0, None, None, 5]
    assert [r[2] for r in out.rows] == [1.0, 2.0, 3.0, 4]  # not a count column
    assert caveats == ["2 count(s) below 5 are not shown, to protect privacy."]
    assert [r[1] for r in res.rows] == [0, 1, 4, 5]  # the input is not mutated


def test_suppress_explains_source_nulls() -> None:
    res = result(["area", "n", "rate"], [["a", None, 1.5], ["b", 12, None], ["c", 30, 2.5]])
    out, caveats = suppress(res, {"n"}, 5)
    assert out.rows == res.rows
    assert len(caveats) == 1 and "source suppressed" in caveats[0]
    assert "n" in caveats[0] and "rate" in caveats[0]


def test_suppress_threshold_zero_does_nothing() -> None:
    res = result(["n"], [[1], [2]])
    assert suppress(res, {"n"}, 0) == (res, [])


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT SUM(households) - SUM(fuel_poor_households) FROM t",
        "SELECT households - fuel_poor_households AS rest FROM t",
        "SELECT SUM(households) OVER () - households FROM t",
        "SELECT -fuel_poor_households FROM t",
        "SELECT SUM(households * -1) FROM t",
        "WITH x AS (SELECT SUM(households) - 1 AS y FROM t) SELECT y FROM x",
        "SELECT (SELECT SUM(households) FROM t) - (SELECT SUM(households) FROM t WHERE a = 1)",
    ],
)
def test_differencing_counts_is_refused(sql: str) -> None:
    with pytest.raises(DisclosureRisk):
        check_differencing(parse(sql), COUNT_COLUMNS)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT SUM(households), SUM(fuel_poor_households) FROM t",
        "SELECT SUM(fuel_poor_households) / SUM(households) * 100 AS pct FROM t",
        "SELECT fuel_poor_pct - 13 AS gap FROM t",
        "SELECT AVG(households) FROM t",
    ],
)
def test_sums_ratios_and_other_columns_are_fine(sql: str) -> None:
    check_differencing(parse(sql), COUNT_COLUMNS)


def test_differencing_check_is_off_without_count_columns() -> None:
    check_differencing(parse("SELECT a - b FROM t"), set())


def test_count_outputs_follow_aliases_aggregates_and_ctes() -> None:
    sql = """
        WITH r AS (SELECT region, SUM(fuel_poor_households) AS poor FROM t GROUP BY region)
        SELECT region, ROUND(poor) AS poor_rounded, poor / 2 AS half, MAX(poor) AS top
        FROM r GROUP BY ALL
    """
    assert count_outputs(parse(sql), COUNTS) == {"poor_rounded", "top"}
    assert count_outputs(parse("SELECT * FROM t"), COUNTS) == COUNTS
    assert count_outputs(parse("SELECT COUNT(*) AS n FROM t"), COUNTS) == set()
    union = "SELECT households AS h FROM t UNION SELECT 1 FROM t"
    assert count_outputs(parse(union), COUNTS) == {"h"}
