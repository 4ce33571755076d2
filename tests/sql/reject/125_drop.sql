-- reason: not_select
DROP TABLE fuel_poverty_2021
