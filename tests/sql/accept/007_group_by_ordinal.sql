-- accept: group by ordinal
SELECT area_type, max(fuel_poor_pct) FROM fuel_poverty_2021 GROUP BY 1 ORDER BY 2 DESC
