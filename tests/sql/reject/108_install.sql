-- reason: not_select
INSTALL httpfs
