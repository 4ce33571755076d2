-- accept: lpad small
SELECT lpad(CAST(year AS VARCHAR), 6, '0') AS y FROM fuel_poverty_2021 LIMIT 1
