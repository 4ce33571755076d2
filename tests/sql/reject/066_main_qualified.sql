-- reason: table_not_allowed
SELECT * FROM main.fuel_poverty_2021
