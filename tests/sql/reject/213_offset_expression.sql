-- reason: invalid_limit
SELECT * FROM fuel_poverty_2021 LIMIT 5 OFFSET (SELECT 1)
