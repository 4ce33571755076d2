-- accept: window running total
SELECT area_name, households, SUM(households) OVER (ORDER BY households DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM fuel_poverty_2021 WHERE area_type = 'Region'
