-- accept: distinct on values
SELECT DISTINCT area_type FROM fuel_poverty_2021 ORDER BY area_type
