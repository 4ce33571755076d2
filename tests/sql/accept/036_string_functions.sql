-- accept: string functions
SELECT upper(area_name) AS u, lower(area_code) AS l, length(area_name) AS len, left(area_code, 3) AS prefix FROM fuel_poverty_2021 LIMIT 5
