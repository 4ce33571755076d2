-- reason: not_select
RESET memory_limit
