-- accept: exists correlated
SELECT area_name FROM fuel_poverty_2021 f WHERE EXISTS (SELECT 1 FROM places p WHERE p.code = f.area_code AND p.level = 'County')
