-- reason: multiple_statements
SELECT 1; PRAGMA enable_profiling
