-- accept: corr regression
SELECT corr(households, fuel_poor_pct) AS r, regr_slope(fuel_poor_pct, households) AS slope FROM fuel_poverty_2021 WHERE area_type = 'Non-metropolitan district'
