-- reason: table_not_allowed
SELECT * FROM _semantıc
