-- accept: scalar subquery
SELECT area_name FROM fuel_poverty_2021 WHERE fuel_poor_pct > (SELECT AVG(fuel_poor_pct) FROM fuel_poverty_2021) ORDER BY area_name
