-- accept: having
SELECT region, count(*) AS n FROM fuel_poverty_2021 GROUP BY region HAVING count(*) > 20 ORDER BY n
