-- reason: not_select
DESCRIBE fuel_poverty_2021
