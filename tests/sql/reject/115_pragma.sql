-- reason: not_select
PRAGMA database_list
