-- accept: limit offset
SELECT area_name FROM fuel_poverty_2021 ORDER BY area_name LIMIT 10 OFFSET 20
