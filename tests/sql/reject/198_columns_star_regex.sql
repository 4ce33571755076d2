-- reason: function_not_allowed
SELECT COLUMNS('.*') FROM fuel_poverty_2021
