-- reason: multiple_statements
SELECT 1; ATTACH '/tmp/evil.db' AS evil
