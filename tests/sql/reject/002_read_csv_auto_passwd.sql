-- reason: function_not_allowed
SELECT * FROM read_csv_auto('/etc/passwd')
