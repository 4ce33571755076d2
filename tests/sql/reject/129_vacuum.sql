-- reason: not_select
VACUUM
