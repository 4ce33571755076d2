-- accept: cte simple
WITH r AS (SELECT region, AVG(fuel_poor_pct) AS avg_pct FROM fuel_poverty_2021 GROUP BY region) SELECT region, avg_pct FROM r ORDER BY avg_pct DESC
