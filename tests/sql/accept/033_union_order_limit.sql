-- accept: union order limit
SELECT region FROM fuel_poverty_2021 UNION SELECT region_name FROM places ORDER BY region LIMIT 20
