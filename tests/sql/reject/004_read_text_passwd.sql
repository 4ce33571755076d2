-- reason: function_not_allowed
SELECT content FROM read_text('/etc/passwd')
