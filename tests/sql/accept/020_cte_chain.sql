-- accept: cte chain
WITH la AS (SELECT * FROM fuel_poverty_2021 WHERE area_type IN ('Unitary authority', 'Non-metropolitan district', 'Metropolitan district', 'London borough')),
     by_region AS (SELECT region, count(*) AS n, median(fuel_poor_pct) AS med FROM la GROUP BY region)
SELECT * FROM by_region ORDER BY med DESC
