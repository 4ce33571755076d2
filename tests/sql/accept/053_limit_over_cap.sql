-- accept: limit over cap
SELECT area_name FROM fuel_poverty_2021 LIMIT 100000
