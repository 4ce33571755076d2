-- reason: table_not_allowed
SELECT * FROM information_schema.tables
