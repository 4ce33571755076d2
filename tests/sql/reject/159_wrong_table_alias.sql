-- reason: column_not_allowed
SELECT p.area_name FROM fuel_poverty_2021 f, places p
