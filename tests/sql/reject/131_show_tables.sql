-- reason: not_select
SHOW TABLES
