-- accept: cast and round
SELECT area_name, CAST(households AS BIGINT) AS hh, round(fuel_poor_pct, 1) AS pct, households::INTEGER AS hh2 FROM fuel_poverty_2021 LIMIT 5
