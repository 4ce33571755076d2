-- reason: not_select
CHECKPOINT
