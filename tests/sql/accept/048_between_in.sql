-- accept: between in
SELECT area_name FROM fuel_poverty_2021 WHERE fuel_poor_pct BETWEEN 10 AND 11 AND area_type IN ('County', 'Unitary authority')
