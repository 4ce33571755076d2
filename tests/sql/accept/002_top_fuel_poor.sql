-- accept: top fuel poor
SELECT area_name, fuel_poor_pct FROM fuel_poverty_2021 ORDER BY fuel_poor_pct DESC LIMIT 10
