-- accept: window percent rank
SELECT area_name, round(percent_rank() OVER (ORDER BY fuel_poor_pct), 3) AS pr, cume_dist() OVER (ORDER BY fuel_poor_pct) AS cd FROM fuel_poverty_2021
