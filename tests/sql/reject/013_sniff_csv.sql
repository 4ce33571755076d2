-- reason: function_not_allowed
SELECT * FROM sniff_csv('/etc/passwd')
