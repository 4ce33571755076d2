-- reason: not_select
ATTACH '/tmp/evil.duckdb' AS evil
