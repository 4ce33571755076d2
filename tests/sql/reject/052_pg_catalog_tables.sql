-- reason: table_not_allowed
SELECT * FROM pg_catalog.pg_tables
