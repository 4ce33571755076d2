-- reason: too_complex
SELECT count(*) FROM fuel_poverty_2021 a JOIN fuel_poverty_2021 b ON TRUE JOIN fuel_poverty_2021 c ON 1 = 1 JOIN fuel_poverty_2021 d ON TRUE
