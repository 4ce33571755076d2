-- reason: column_not_allowed
SELECT password FROM fuel_poverty_2021
