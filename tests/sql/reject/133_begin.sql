-- reason: not_select
BEGIN TRANSACTION
