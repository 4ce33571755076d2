-- accept: intersect
SELECT area_code FROM fuel_poverty_2021 INTERSECT SELECT code FROM places
