-- accept: regions sum
SELECT region, SUM(households) AS households FROM fuel_poverty_2021 WHERE area_type = 'Region' GROUP BY region ORDER BY households DESC
