-- accept: arg max
SELECT region, arg_max(area_name, fuel_poor_pct) AS worst FROM fuel_poverty_2021 WHERE region IS NOT NULL GROUP BY region ORDER BY region
