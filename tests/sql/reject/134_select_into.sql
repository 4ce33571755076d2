-- reason: not_select
SELECT 1 INTO leak
