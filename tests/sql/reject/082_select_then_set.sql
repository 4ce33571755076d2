-- reason: multiple_statements
SELECT 1; SET enable_external_access = true
