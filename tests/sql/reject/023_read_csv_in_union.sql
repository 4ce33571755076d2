-- reason: function_not_allowed
SELECT area_name FROM fuel_poverty_2021 UNION ALL SELECT * FROM read_csv('/etc/passwd')
