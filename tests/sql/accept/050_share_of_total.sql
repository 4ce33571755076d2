-- accept: share of total
SELECT area_name, round(100.0 * households / SUM(households) OVER (), 2) AS share FROM fuel_poverty_2021 WHERE area_type = 'Region' ORDER BY share DESC
