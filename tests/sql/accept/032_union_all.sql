-- accept: union all
SELECT area_name AS name FROM fuel_poverty_2021 WHERE area_type = 'Country' UNION ALL SELECT name FROM places WHERE level = 'Region'
