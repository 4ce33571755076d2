-- reason: column_not_allowed
SELECT rowid FROM places
