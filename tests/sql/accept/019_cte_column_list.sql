-- accept: cte column list
WITH r(reg, pct) AS (SELECT region, AVG(fuel_poor_pct) FROM fuel_poverty_2021 GROUP BY region) SELECT reg, round(pct, 2) AS pct FROM r
