-- reason: literal_too_large
SELECT lpad(area_name, CAST(households AS INTEGER), '*') FROM fuel_poverty_2021
