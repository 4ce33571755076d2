-- reason: multiple_statements
SELECT 1; INSTALL httpfs; LOAD httpfs
