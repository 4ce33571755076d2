-- reason: column_not_allowed
SELECT αrea_name FROM fuel_poverty_2021
