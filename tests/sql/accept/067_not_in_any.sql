-- accept: not in any
SELECT area_name FROM fuel_poverty_2021 WHERE fuel_poor_pct > ALL (SELECT fuel_poor_pct FROM fuel_poverty_2021 WHERE area_type = 'Region')
