-- reason: invalid_limit
SELECT * FROM (SELECT * FROM fuel_poverty_2021 LIMIT (SELECT count(*) FROM places)) q
