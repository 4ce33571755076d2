-- reason: parse_error
SELECT 'abc
