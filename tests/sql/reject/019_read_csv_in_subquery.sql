-- reason: function_not_allowed
SELECT area_name FROM fuel_poverty_2021 WHERE area_name IN (SELECT column0 FROM read_csv('/etc/passwd'))
