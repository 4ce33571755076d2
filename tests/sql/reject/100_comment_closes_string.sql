-- reason: parse_error
SELECT '/*' */ 1
