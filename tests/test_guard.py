"""Unit tests for the SQL guard's rules, one behaviour each."""

from __future__ import annotations

import duckdb
import pytest

from assistant import errors
from assistant.guard import ALLOWED_ANONYMOUS, Schema, guard
from tests.sqlfixtures import COUNT_COLUMNS, fixture_schema, shared_fixture_db

F = "fuel_poverty_2021"


@pytest.fixture(scope="module")
def schema() -> Schema:
    return fixture_schema()


def reason_of(sql: str, schema: Schema, **kwargs: object) -> str:
    with pytest.raises(errors.SQLRejected) as info:
        guard(sql, schema, 100, **kwargs)  # type: ignore[arg-type]
    return info.value.reason


def test_schema_reads_user_tables_and_skips_internal(schema: Schema) -> None:
    assert set(schema.tables) == {"fuel_poverty_2021", "places"}
    assert "fuel_poor_pct" in schema.tables[F]
    assert schema.tables["places"] == frozenset({"code", "name", "level", "region_name"})


def test_schema_from_connection_on_a_fresh_file() -> None:
    con = duckdb.connect(str(shared_fixture_db()), read_only=True)
    try:
        assert Schema.from_connection(con) == fixture_schema()
    finally:
        con.close()


def test_schema_lookup_is_case_insensitive_for_ascii_only(schema: Schema) -> None:
    assert schema.lookup("FUEL_POVERTY_2021") is not None
    assert schema.lookup("fu\u0435l_poverty_2021") is None  # Cyrillic e


def test_plain_select_gets_a_limit(schema: Schema) -> None:
    guarded = guard(f"SELECT area_name FROM {F}", schema, 50)
    assert guarded.sql == f"SELECT area_name FROM {F} LIMIT 50"
    assert guarded.limit == 50
    assert guarded.tables == (F,)


def test_large_limit_is_lowered_and_small_limit_kept(schema: Schema) -> None:
    assert guard(f"SELECT * FROM {F} LIMIT 5000", schema, 100).limit == 100
    assert guard(f"SELECT * FROM {F} LIMIT 7", schema, 100).sql.endswith("LIMIT 7")


def test_set_operation_limit_applies_to_the_whole_union(schema: Schema) -> None:
    guarded = guard(f"SELECT region FROM {F} UNION SELECT name FROM places", schema, 10)
    assert guarded.sql.endswith("UNION SELECT name FROM places LIMIT 10")
    assert guarded.tables == (F, "places")


def test_output_is_regenerated_without_comments(schema: Schema) -> None:
    guarded = guard(f"select /* hi */ area_name -- bye\nfrom {F}", schema, 10)
    assert "/*" not in guarded.sql and "--" not in guarded.sql
    assert guarded.sql == f"SELECT area_name FROM {F} LIMIT 10"


def test_bare_parenthesised_select_is_unwrapped(schema: Schema) -> None:
    assert guard("((SELECT code FROM places))", schema, 3).sql == "SELECT code FROM places LIMIT 3"


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("SELECT 1; SELECT 2", "multiple_statements"),
        ("DROP TABLE places", "not_select"),
        ("SELECT * FROM read_csv('/etc/passwd')", "function_not_allowed"),
        ("SELECT * FROM _semantic", "table_not_allowed"),
        (f"SELECT nope FROM {F}", "column_not_allowed"),
        (
            "WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT 1 FROM r) SELECT * FROM r",
            "recursive_cte",
        ),
        (f"SELECT * FROM {F} LIMIT (SELECT 1)", "invalid_limit"),
        ("SELECT lpad('x', 100000000, 'y')", "literal_too_large"),
        (f"SELECT * FROM {F}, (VALUES (1)) v(x)", "syntax_not_allowed"),
        ("SELEC 1 FRM", "parse_error"),
        ("SELECT 'unterminated", "parse_error"),
    ],
)
def test_each_rule_names_its_reason(sql: str, reason: str, schema: Schema) -> None:
    assert reason_of(sql, schema) == reason


def test_length_limit_uses_max_chars(schema: Schema) -> None:
    sql = f"SELECT area_name FROM {F} WHERE area_name = '{'x' * 200}'"
    assert reason_of(sql, schema, max_chars=100) == "too_long"
    assert guard(sql, schema, 10, max_chars=1000).limit == 10


def test_rejection_details_carry_the_reason(schema: Schema) -> None:
    with pytest.raises(errors.TableNotAllowed) as info:
        guard("SELECT * FROM secrets", schema, 10)
    body = info.value.to_dict()["error"]
    assert body["code"] == "sql_rejected"
    assert body["details"]["reason"] == "table_not_allowed"
    assert info.value.status == 400


def test_cte_names_resolve_by_scope_not_by_spelling(schema: Schema) -> None:
    # the CTE shadows the catalogue table where it is visible...
    assert guard("WITH places AS (SELECT code FROM places) SELECT code FROM places", schema, 5)
    # ...but a CTE inside a subquery does not make an outer reference to `_semantic` legal
    sql = "SELECT * FROM (WITH _semantic AS (SELECT 1 AS x) SELECT x FROM _semantic) q, _semantic"
    assert reason_of(sql, schema) == "table_not_allowed"
    assert reason_of("WITH _semantic AS (SELECT * FROM _semantic) SELECT 1", schema) == (
        "table_not_allowed"
    )


def test_cte_names_are_case_insensitive(schema: Schema) -> None:
    guarded = guard(f"WITH Top AS (SELECT area_name FROM {F}) SELECT area_name FROM TOP", schema, 5)
    assert guarded.tables == (F,)


def test_order_by_select_alias_and_cte_columns_resolve(schema: Schema) -> None:
    guard(f"SELECT fuel_poor_pct AS pct FROM {F} ORDER BY pct", schema, 5)
    guard(f"WITH r(a) AS (SELECT region FROM {F}) SELECT a FROM r ORDER BY a", schema, 5)
    assert reason_of(f"WITH r(a) AS (SELECT region FROM {F}) SELECT region FROM r", schema) == (
        "column_not_allowed"
    )


def test_homoglyph_identifiers_fail_the_allow_lists(schema: Schema) -> None:
    assert reason_of("SELECT * FROM pl\u0430ces", schema) == "table_not_allowed"
    assert reason_of("SELECT n\u0430me FROM places", schema) == "column_not_allowed"
    assert reason_of("SELECT * FROM \u212a", schema) == "table_not_allowed"  # Kelvin sign


def test_qualified_and_system_tables_are_refused(schema: Schema) -> None:
    for table in (f"main.{F}", "information_schema.tables", "duckdb_tables", "sqlite_master"):
        assert reason_of(f"SELECT * FROM {table}", schema) == "table_not_allowed"


def test_function_allow_list_is_not_a_deny_list(schema: Schema) -> None:
    for fn in ("made_up_function(1)", "getenv('HOME')", "current_setting('threads')"):
        assert reason_of(f"SELECT {fn}", schema) == "function_not_allowed"
    for name in sorted(ALLOWED_ANONYMOUS):  # the guard checks names, DuckDB checks arity
        assert guard(f"SELECT {name}(fuel_poor_pct) FROM {F}", schema, 1).limit == 1


def test_cross_join_limit_counts_across_ctes(schema: Schema) -> None:
    guard(f"SELECT count(*) FROM {F} a, {F} b, {F} c", schema, 5)
    sql = f"WITH a AS (SELECT * FROM {F} x, {F} y) SELECT count(*) FROM a p, a q"
    assert reason_of(sql, schema) == "too_complex"


def test_join_on_a_condition_is_not_a_cross_join(schema: Schema) -> None:
    joins = " ".join(f"JOIN {F} t{i} ON t{i}.area_code = t0.area_code" for i in range(1, 5))
    assert guard(f"SELECT count(*) FROM {F} t0 {joins}", schema, 5).limit == 5


def test_nesting_and_size_limits(schema: Schema) -> None:
    assert reason_of("SELECT " + "(" * 300 + "1" + ")" * 300, schema) == "too_complex"
    in_list = ", ".join(str(i) for i in range(3000))
    assert reason_of(f"SELECT 1 FROM {F} WHERE households IN ({in_list})", schema) == (
        "too_complex"
    )


def test_differencing_is_checked_when_count_columns_are_given(schema: Schema) -> None:
    sql = f"SELECT SUM(households) - SUM(fuel_poor_households) AS d FROM {F}"
    assert guard(sql, schema, 5).limit == 5
    assert reason_of(sql, schema, count_columns=COUNT_COLUMNS) == "disclosure_risk"
    ratio = f"SELECT SUM(fuel_poor_households) / SUM(households) AS r FROM {F}"
    assert guard(ratio, schema, 5, count_columns=COUNT_COLUMNS).limit == 5


def test_identifier_case_is_folded_in_the_sql_that_runs(schema: Schema) -> None:
    guarded = guard('SELECT AREA_NAME FROM "Fuel_Poverty_2021"', schema, 5)
    assert guarded.sql == 'SELECT AREA_NAME FROM "fuel_poverty_2021" LIMIT 5'
