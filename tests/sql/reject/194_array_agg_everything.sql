-- reason: function_not_allowed
SELECT array_agg(area_name) FROM fuel_poverty_2021
