-- reason: table_not_allowed
SELECT * FROM INFORMATION_SCHEMA.SCHEMATA
