-- reason: not_select
CALL duckdb_settings()
