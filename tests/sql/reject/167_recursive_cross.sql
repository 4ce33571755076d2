-- reason: recursive_cte
WITH RECURSIVE r AS (SELECT area_name FROM fuel_poverty_2021 UNION ALL SELECT r.area_name FROM r, fuel_poverty_2021) SELECT count(*) FROM r
