-- reason: not_select
CREATE TABLE x AS SELECT 1
