-- accept: greatest least
SELECT area_name, greatest(fuel_poor_pct, 10) AS g, least(fuel_poor_pct, 10) AS l FROM fuel_poverty_2021 LIMIT 3
