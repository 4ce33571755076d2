-- reason: multiple_statements
SELECT 1; /* x */ SELECT 2
