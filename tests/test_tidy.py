"""Shaping uncurated files (indexing/tidy.py) and the inference it feeds: period formats,
units from headers, wide files, place-name geography — on the real extracts in tests/data
and on the formats publishers use. No model, no index."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from assistant.settings import PROJECT_ROOT
from indexing.catalogue import ColumnSpec, DatasetSpec, load_catalogue
from indexing.inference import infer_kind, infer_measures, normalise_unit, unit_hint
from indexing.loading import load_dataset
from indexing.profiling import profile_table
from indexing.tidy import plan_tidy, source_sql
from indexing.tidy_plan import TidyPlan
from indexing.tidy_text import file_title, split_unit
from indexing.tidy_time import detect_time
from indexing.xlsx import xlsx_rows, xlsx_rows_stdlib

DATA = PROJECT_ROOT / "tests" / "data"


def _period(con: duckdb.DuckDBPyConnection, name: str, values: list[str]
            ) -> list[tuple[object, ...]]:
    fmt = detect_time(name, values)
    assert fmt is not None, values
    rows = []
    for v in values:
        x = "'" + v + "'"
        sql = f"SELECT {fmt.label.replace('{x}', x)}, {fmt.year.replace('{x}', x)}"
        if fmt.month:
            sql += f", {fmt.month.replace('{x}', x)}"
        row = con.execute(sql).fetchone()
        assert row is not None
        rows.append((fmt.grain, *row))
    return rows


@pytest.mark.parametrize(("name", "values", "expected"), [
    ("period", ["2023-01-01/P1Y", "2024-01-01/P1Y"], ("calendar year", "2023", 2023)),
    ("period", ["2022-04-01/P1Y", "2023-04-01/P1Y"], ("financial year", "2022-23", 2022)),
    ("period", ["2018-08-01/P1Y", "2020-08-01/P1Y"], ("academic year", "2018/19", 2018)),
    ("period", ["2018-04-01/P3Y", "2019-04-01/P3Y"],
     ("3-year period (financial years)", "2018-19 to 2020-21", 2018)),
    ("period", ["2011-01-01/P3Y", "2012-01-01/P3Y"],
     ("3-year period (calendar years)", "2011-2013", 2011)),
    ("period", ["2021-05-01/P1M", "2021-06-01/P1M"], ("month", "2021-05", 2021, 5)),
    ("academic_year", ["2018/19", "2019/20"], ("academic year", "2018/19", 2018)),
    ("Year ending", ["2023-24", "2024-25"], ("financial year", "2023-24", 2023)),
    ("time_period", ["202425", "202324"], ("academic year", "2024/25", 2024)),
    ("Financial Year", ["2007", "2008"], ("financial year", "2007-08", 2007)),
    ("Year", ["1938", "1939"], ("calendar year", "1938", 1938)),
    ("Date", ["01/04/1968", "01/05/1968"], ("month", "1968-04", 1968, 4)),
    ("date", ["2020-01-01", "2020-02-01"], ("month", "2020-01", 2020, 1)),
    ("date", ["31 August 2025", "31 August 2024"], ("year (dated)", "31 August 2025", 2025)),
])
def test_period_formats(name: str, values: list[str], expected: tuple[object, ...]) -> None:
    with duckdb.connect() as con:
        assert _period(con, name, values)[0] == expected


def test_plain_numbers_are_not_years_without_a_hint() -> None:
    assert detect_time("count", ["1990", "2001", "2017"]) is None
    assert detect_time("year", ["1990", "2001"]) is not None


@pytest.mark.parametrize(("header", "expected"), [
    ("Price paid to farmers\n(pence per litre)", ("Price paid to farmers", "pence per litre")),
    ("Industry Total:kt CO2", ("Industry Total", "kt CO2")),
    ("Percentage (%)", ("Percentage", "%")),
    ("Annual mean temperature (°C)", ("Annual mean temperature", "°C")),
    ("MMR1 coverage by nation (2014 to 2025)", ("MMR1 coverage by nation (2014 to 2025)", None)),
])
def test_units_from_headers(header: str, expected: tuple[str, str | None]) -> None:
    assert split_unit(header) == expected


def test_unit_words_and_kinds() -> None:
    assert unit_hint("fuel_poor_pct") == "%"
    assert unit_hint("Rate per 100,000 population") == "per 100,000"
    assert unit_hint("tmax_degC") == "°C"
    assert unit_hint("mmr1_coverage") == "%"
    assert unit_hint("mmr1_value") is None  # 'mm' only as a whole word
    assert normalise_unit("Percentage") == "%"
    assert normalise_unit("Number of enterprises") == "enterprises"
    assert infer_kind("%", "Children in poverty") == "percentage"
    assert infer_kind("people", "Population") == "count"
    assert infer_kind("kWh per meter point", "Consumption per meter point") == "mean"
    assert file_title("children-in-relative-poverty.csv") == "Children in relative poverty"


@pytest.fixture(scope="module")
def reference() -> duckdb.DuckDBPyConnection:
    """A connection with the gazetteer tables, loaded from their catalogue entries."""
    con = duckdb.connect()
    catalogue = load_catalogue(PROJECT_ROOT / "data", include_added=False)
    for table in ("places", "place_names"):
        spec = catalogue.dataset(table)
        assert spec is not None
        load_dataset(con, spec, PROJECT_ROOT / "data" / "raw")
    return con


def _shape(con: duckdb.DuckDBPyConnection, tmp_path: Path, name: str, table: str
           ) -> tuple[TidyPlan, DatasetSpec]:
    (tmp_path / "added").mkdir(exist_ok=True)
    shutil.copy(DATA / name, tmp_path / "added" / name)
    plan = plan_tidy(con, source_sql(name, "csv"), tmp_path, title=file_title(name),
                     file_name=name)
    spec = DatasetSpec(id=table, title=file_title(name), load_sql=plan.select, origin="added",
                       columns=[ColumnSpec(name=c.name, description=c.description, unit=c.unit)
                                for c in plan.columns])
    load_dataset(con, spec, tmp_path)
    return plan, spec


def test_wide_year_file_is_unpivoted(reference: duckdb.DuckDBPyConnection,
                                     tmp_path: Path) -> None:
    plan, spec = _shape(reference, tmp_path, "fuel_poverty_pct_households_by_la_2010_2019.csv",
                        "t_fuel_wide")
    assert plan.shape == "wide_years" and plan.grain == "calendar year"
    assert [c.name for c in plan.columns][:4] == ["area_code", "area_name", "period", "year"]
    row = reference.execute("SELECT value FROM t_fuel_wide WHERE area_code = 'E08000035' "
                            "AND year = 2018").fetchone()
    assert row == (10.3,)  # Leeds, column '2018' of the file
    (measure,) = infer_measures(reference, spec, profile_table(reference, "t_fuel_wide"))
    assert measure.unit == "%" and measure.geo_column == "area_code"
    assert measure.years == list(range(2010, 2020))


def test_stems_with_two_digit_years(reference: duckdb.DuckDBPyConnection,
                                    tmp_path: Path) -> None:
    plan, spec = _shape(reference, tmp_path, "ons_census2021_population_by_lad_2011_2021.csv",
                        "t_census")
    assert plan.shape == "wide_stems"
    measures = infer_measures(reference, spec, profile_table(reference, "t_census"))
    assert [m.column for m in measures] == ["population"]  # the rank is not a measure
    assert measures[0].unit == "people" and measures[0].kind == "count" and measures[0].additive
    assert not measures[0].dimensions  # county and region describe the area
    row = reference.execute("SELECT population FROM t_census WHERE area_code = 'E08000035' "
                            "AND year = 2011").fetchone()
    assert row == (751485.0,)


def test_place_columns_become_areas(reference: duckdb.DuckDBPyConnection,
                                    tmp_path: Path) -> None:
    plan, _ = _shape(reference, tmp_path, "mmr1-coverage-by-nation.csv", "t_mmr")
    assert plan.shape == "wide_places" and plan.geography
    rows = reference.execute("SELECT DISTINCT area_code, area_name FROM t_mmr ORDER BY 1"
                             ).fetchall()
    assert rows == [("E92000001", "England"), ("N92000002", "Northern Ireland"),
                    ("S92000003", "Scotland"), ("W92000004", "Wales")]


def test_long_ons_file_with_unit_column(reference: duckdb.DuckDBPyConnection,
                                        tmp_path: Path) -> None:
    plan, spec = _shape(reference, tmp_path, "children-in-relative-poverty.csv", "t_child")
    assert plan.grain == "financial year" and plan.shape == "long"
    measures = infer_measures(reference, spec, profile_table(reference, "t_child"))
    assert {m.label for m in measures} == {"Children in relative poverty before housing costs",
                                           "Children in relative poverty after housing costs"}
    assert {m.unit for m in measures} == {"%"} and {m.kind for m in measures} == {"percentage"}
    assert all(m.column == "value" and "indicator" in m.filters for m in measures)
    assert measures[0].periods[0].label == "2023-24"  # AHC starts in FYE 2024


def test_xlsx_reader_reads_dates_and_numbers() -> None:
    rows = xlsx_rows_stdlib(DATA / "average-house-prices.xlsx")
    assert rows[0] == ["Date", "Region_Name", "Average_Price"]
    assert rows[1] == ["2015-01-01", "Wales", "128912"]
    assert len(rows) == 529
    assert xlsx_rows(DATA / "average-house-prices.xlsx")[1][1:] == ["Wales", "128912"]
