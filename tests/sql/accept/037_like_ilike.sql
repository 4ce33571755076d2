-- accept: like ilike
SELECT area_name FROM fuel_poverty_2021 WHERE area_name LIKE 'North%' OR area_name ILIKE '%york%'
