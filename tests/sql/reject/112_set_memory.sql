-- reason: not_select
SET memory_limit = '100GB'
