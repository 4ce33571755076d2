-- reason: function_not_allowed
WITH x AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM x
