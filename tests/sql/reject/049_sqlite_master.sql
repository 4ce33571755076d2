-- reason: table_not_allowed
SELECT * FROM sqlite_master
