-- reason: parse_error
EXPORT DATABASE '/tmp/dump'
