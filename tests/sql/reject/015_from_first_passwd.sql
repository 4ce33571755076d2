-- reason: table_not_allowed
FROM '/etc/passwd'
