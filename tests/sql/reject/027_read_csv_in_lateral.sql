-- reason: function_not_allowed
SELECT * FROM fuel_poverty_2021, LATERAL (SELECT * FROM read_csv('/etc/passwd'))
