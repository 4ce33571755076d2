-- reason: not_select
ATTACH 'build/ndl.duckdb' AS x (READ_ONLY)
