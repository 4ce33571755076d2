-- reason: not_select
SET GLOBAL threads = 64
