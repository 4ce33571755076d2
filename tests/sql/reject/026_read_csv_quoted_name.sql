-- reason: function_not_allowed
SELECT * FROM "read_csv"('/etc/passwd')
