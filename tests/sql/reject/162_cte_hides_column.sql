-- reason: column_not_allowed
WITH x AS (SELECT area_code FROM fuel_poverty_2021) SELECT area_name FROM x
