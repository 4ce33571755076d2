-- accept: from first
FROM fuel_poverty_2021 SELECT area_name, fuel_poor_pct WHERE fuel_poor_pct > 20
