-- reason: table_not_allowed
SELECT * FROM temp.main.x
