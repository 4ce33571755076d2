-- reason: multiple_statements
SELECT 1; CHECKPOINT
