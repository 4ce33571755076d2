-- reason: parse_error

