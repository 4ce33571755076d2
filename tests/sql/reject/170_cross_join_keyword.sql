-- reason: too_complex
SELECT count(*) FROM fuel_poverty_2021 a CROSS JOIN fuel_poverty_2021 b CROSS JOIN places c CROSS JOIN places d
