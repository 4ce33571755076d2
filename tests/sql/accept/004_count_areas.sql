-- accept: count areas
SELECT count(*) AS n FROM fuel_poverty_2021
