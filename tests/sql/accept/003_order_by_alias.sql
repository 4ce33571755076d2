-- accept: order by alias
SELECT area_name, fuel_poor_pct AS pct FROM fuel_poverty_2021 ORDER BY pct DESC LIMIT 5
