-- reason: parse_error
SELECT 1 /* never closed
