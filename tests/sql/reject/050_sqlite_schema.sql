-- reason: table_not_allowed
SELECT name FROM sqlite_schema
