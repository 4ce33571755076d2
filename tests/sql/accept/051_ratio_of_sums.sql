-- accept: ratio of sums
SELECT region, round(100 * SUM(fuel_poor_households) / SUM(households), 2) AS pct FROM fuel_poverty_2021 WHERE area_type = 'London borough' GROUP BY region
