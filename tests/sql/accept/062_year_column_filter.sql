-- accept: year column filter
SELECT year, count(*) AS n FROM fuel_poverty_2021 WHERE year = 2021 GROUP BY year
