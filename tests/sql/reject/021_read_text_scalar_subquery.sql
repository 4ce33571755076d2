-- reason: function_not_allowed
SELECT (SELECT content FROM read_text('/etc/hostname')) AS h
