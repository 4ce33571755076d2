-- accept: select exclude
SELECT * EXCLUDE (year, area_type) FROM fuel_poverty_2021 LIMIT 3
