-- reason: not_select
SELECT * FROM (SUMMARIZE fuel_poverty_2021)
