-- reason: multiple_statements
SELECT 1; CREATE MACRO leak() AS TABLE SELECT * FROM _semantic
