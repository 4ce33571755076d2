-- reason: column_not_allowed
SELECT name FROM fuel_poverty_2021
