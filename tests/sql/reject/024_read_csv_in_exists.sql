-- reason: function_not_allowed
SELECT 1 FROM fuel_poverty_2021 WHERE EXISTS (SELECT 1 FROM read_csv('/etc/passwd'))
