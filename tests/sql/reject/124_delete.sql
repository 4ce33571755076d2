-- reason: not_select
DELETE FROM fuel_poverty_2021
