-- reason: invalid_limit
SELECT * FROM fuel_poverty_2021 FETCH FIRST 5 ROWS ONLY
