-- reason: table_not_allowed
SELECT * FROM pragma_database_list
