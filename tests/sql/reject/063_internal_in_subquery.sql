-- reason: table_not_allowed
SELECT * FROM fuel_poverty_2021 WHERE area_name IN (SELECT table_name FROM _semantic)
