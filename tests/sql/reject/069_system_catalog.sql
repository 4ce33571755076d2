-- reason: table_not_allowed
SELECT * FROM system.main.duckdb_tables
