-- reason: not_select
LOAD httpfs
