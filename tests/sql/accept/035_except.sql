-- accept: except
SELECT area_code FROM fuel_poverty_2021 EXCEPT SELECT code FROM places WHERE level = 'Region'
