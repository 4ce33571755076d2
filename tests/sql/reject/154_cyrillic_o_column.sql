-- reason: column_not_allowed
SELECT area_cоde FROM fuel_poverty_2021
