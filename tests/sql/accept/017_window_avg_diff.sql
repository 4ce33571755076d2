-- accept: window avg diff
SELECT area_name, fuel_poor_pct - AVG(fuel_poor_pct) OVER () AS diff_from_mean FROM fuel_poverty_2021 ORDER BY diff_from_mean DESC LIMIT 10
