-- reason: not_select
SELECT * FROM (DESCRIBE fuel_poverty_2021)
