-- reason: too_complex
SELECT count(*) FROM fuel_poverty_2021 a, fuel_poverty_2021 b, fuel_poverty_2021 c, fuel_poverty_2021 d
