-- reason: parse_error
/* a /* b */ SELECT 1; SELECT 2
