-- accept: is null
SELECT area_name FROM fuel_poverty_2021 WHERE region IS NULL
