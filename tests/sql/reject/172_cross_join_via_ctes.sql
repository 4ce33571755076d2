-- reason: too_complex
WITH a AS (SELECT * FROM fuel_poverty_2021 x, fuel_poverty_2021 y), b AS (SELECT * FROM a a1, a a2) SELECT count(*) FROM b
