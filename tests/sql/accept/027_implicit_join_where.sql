-- accept: implicit join where
SELECT f.area_name, p.level FROM fuel_poverty_2021 f, places p WHERE p.code = f.area_code LIMIT 5
