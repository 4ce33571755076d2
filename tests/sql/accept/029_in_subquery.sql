-- accept: in subquery
SELECT area_name FROM fuel_poverty_2021 WHERE area_code IN (SELECT code FROM places WHERE level = 'London borough')
