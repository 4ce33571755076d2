-- accept: join places
SELECT f.area_name, p.level FROM fuel_poverty_2021 f JOIN places p ON p.code = f.area_code WHERE p.level = 'Region'
