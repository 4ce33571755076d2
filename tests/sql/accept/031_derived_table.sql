-- accept: derived table
SELECT sub.region, sub.n FROM (SELECT region, count(*) AS n FROM fuel_poverty_2021 GROUP BY region) sub WHERE sub.n > 10
