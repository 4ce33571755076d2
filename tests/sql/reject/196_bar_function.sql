-- reason: function_not_allowed
SELECT bar(households, 0, 1, 1000000000) FROM fuel_poverty_2021
