-- reason: column_not_allowed
SELECT area_name FROM fuel_poverty_2021 ORDER BY secret
