-- reason: not_select
EXPLAIN SELECT * FROM fuel_poverty_2021
