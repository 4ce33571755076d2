-- accept: math functions
SELECT area_name, abs(fuel_poor_pct - 13) AS gap, sqrt(households) AS root, ln(households) AS log_hh, floor(fuel_poor_pct) AS fl, ceil(fuel_poor_pct) AS ce FROM fuel_poverty_2021 LIMIT 5
