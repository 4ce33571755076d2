-- reason: not_select
VALUES (1), (2)
