"""Shapes an uncurated file (CSV, XLSX or Parquet) into a tidy table with one generated
DuckDB SELECT, following the conventions of data/catalogue/README.md.

Nothing here knows a dataset. The file is read as text; its shape is read from its headers
and values (`indexing/tidy_stats.py`):

* wide files with one column per year (`2010, 2011, …`, `2018/19, …`) are unpivoted to
  period/value; stems with year suffixes (`pop_2011, pop_2021`, or `POP11, POP21` when the
  file names those years in full) to one column per stem; one column per place
  (`england, wales, …`) to area/value (`indexing/tidy_reshape.py`);
* periods are parsed from ISO intervals (`2023-01-01/P1Y`), calendar, academic (`2018/19`)
  and financial (`2022-23`) years, DfE `202425`, ISO and UK dates and months, and become a
  readable `period` label plus an INTEGER `year` (and `month`) (`indexing/tidy_time.py`);
* geography is a column of ONS GSS codes (→ `area_code`), or a column of place names matched
  against the `places` / `place_names` tables (→ `area_code` by lookup)
  (`indexing/tidy_places.py`, `indexing/tidy_columns.py`);
* numbers lose thousands separators, `%` and `£`; suppression markers (`..`, `x`, `[c]`, …)
  become NULL; units come from headers (`(pence per litre)`, `:kt CO2`, `(%)`)
  (`indexing/tidy_text.py`).

The SELECT is stored in the dataset's catalogue entry, so `ndl index` reproduces the table
from the copied file; the semantic layer is then inferred from the table as for any other.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from indexing.loading import quote_ident
from indexing.tidy_columns import Columns, choose_columns
from indexing.tidy_places import place_keys, place_share
from indexing.tidy_plan import NotATable, TidyPlan
from indexing.tidy_reshape import Reshape, reshape
from indexing.tidy_stats import column_stats

RAW = "\x00RAW\x00"  # stands for the data/raw path until the SQL is written to the catalogue


def source_sql(file_name: str, kind: str, encoding: str | None = None) -> str:
    """The relation that reads the copied file as text, under {raw}/added/."""
    literal = "'" + f"{RAW}/added/{file_name}".replace("'", "''") + "'"
    if kind == "parquet":
        return f"SELECT COLUMNS(*)::VARCHAR FROM read_parquet({literal})"
    options = "header=true, all_varchar=true, sample_size=-1, null_padding=true"
    if encoding:
        options += f", encoding='{encoding}'"
    return f"SELECT * FROM read_csv({literal}, {options})"


def _finish(sql: str) -> str:
    """Escape braces for str.format, then put the {raw} placeholder back."""
    return sql.replace("{", "{{").replace("}", "}}").replace(RAW, "{raw}")


def _headers(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [str(d[0]) for d in con.execute(f"SELECT * FROM {relation} LIMIT 0").description]


def plan_tidy(con: duckdb.DuckDBPyConnection, source: str, raw_dir: Path, *, title: str,
              file_name: str) -> TidyPlan:
    """Read the file's shape and write the SELECT that makes it tidy.

    `source` is `source_sql(...)`; `raw_dir` is where {raw} points during analysis; the
    connection should hold `places` and `place_names` for place-name matching."""
    headers = _read_source(con, source.replace(RAW, str(raw_dir)), file_name)
    stats = {h: column_stats(con, "src", h) for h in headers}
    keys = place_keys(con)
    shaped = reshape(con, headers, stats, keys, f"{file_name} {title}", title)
    ctes = [f"src AS ({source})"]
    relation = "src"
    notes: list[str] = []
    if shaped:
        con.execute(f"CREATE OR REPLACE TEMP VIEW shaped AS {shaped.sql}")
        ctes.append(f"shaped AS ({shaped.sql})")
        relation = "shaped"
        notes += shaped.notes
        headers = _headers(con, "shaped")
        stats = {h: column_stats(con, "shaped", h) for h in headers}
    for h in headers:
        stats[h].places = place_share(stats[h].values, keys)
    cols = choose_columns(con, headers, stats, shaped)
    return _plan(ctes, relation, cols, shaped, notes + cols.notes)


def _read_source(con: duckdb.DuckDBPyConnection, src_sql: str, file_name: str) -> list[str]:
    """Open the file as the view `src` and return its headers; refuse what is no table."""
    try:
        con.execute(f"CREATE OR REPLACE TEMP VIEW src AS {src_sql}")
        headers = _headers(con, "src")
    except duckdb.Error as exc:
        raise NotATable(f"{file_name} could not be read as a table: {exc}") from exc
    if len(headers) < 2:
        raise NotATable(f"{file_name} has fewer than two columns, so it is not a table",
                        columns=headers)
    row = con.execute("SELECT count(*) FROM src").fetchone()
    if not row or not row[0]:
        raise NotATable(f"{file_name} has no rows")
    return headers


def _plan(ctes: list[str], relation: str, cols: Columns, shaped: Reshape | None,
          notes: list[str]) -> TidyPlan:
    """The SELECT over the chosen columns, keeping rows with a value (or a year)."""
    measures = [e for e, c in cols.out if c.kind == "number"]
    keep = " OR ".join(f"{m} IS NOT NULL" for m in measures)
    if cols.year:
        keep = f"({keep}) OR {cols.year} IS NOT NULL"
    select = ",\n  ".join(f"{e} AS {quote_ident(c.name)}" for e, c in cols.out)
    with_clause = ",\n".join(ctes)
    sql = (f"WITH {with_clause}\nSELECT\n  {select}\n"
           f"FROM {' '.join([relation + ' s', *cols.joins])}\nWHERE {keep}")
    return TidyPlan(select=_finish(sql), columns=[c for _, c in cols.out],
                    shape=shaped.shape if shaped else "long", grain=cols.grain,
                    geography=cols.geography, notes=notes)
