-- reason: table_not_allowed
SELECT * FROM memory.main.t
