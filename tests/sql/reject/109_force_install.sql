-- reason: not_select
FORCE INSTALL httpfs FROM community
