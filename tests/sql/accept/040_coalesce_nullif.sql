-- accept: coalesce nullif
SELECT area_name, coalesce(region, 'England') AS region, nullif(fuel_poor_pct, 0) AS pct FROM fuel_poverty_2021 LIMIT 5
