-- reason: function_not_allowed
SELECT * FROM READ_CSV('/etc/passwd')
