-- reason: literal_too_large
SELECT rpad(area_name, 2000000000, ' ') FROM fuel_poverty_2021
