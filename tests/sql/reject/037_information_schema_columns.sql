-- reason: table_not_allowed
SELECT table_name, column_name FROM information_schema.columns
