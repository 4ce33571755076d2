-- reason: function_not_allowed
SELECT area_name FROM fuel_poverty_2021 WHERE area_name = (SELECT repeat('x', 2147483647))
