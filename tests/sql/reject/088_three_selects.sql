-- reason: multiple_statements
SELECT 1; SELECT 2; SELECT 3
