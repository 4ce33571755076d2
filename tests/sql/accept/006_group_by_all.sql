-- accept: group by all
SELECT area_type, count(*) AS n, avg(fuel_poor_pct) AS avg_pct FROM fuel_poverty_2021 GROUP BY ALL ORDER BY n DESC
