-- accept: window ntile
SELECT area_name, NTILE(4) OVER (ORDER BY fuel_poor_pct) AS quartile FROM fuel_poverty_2021 WHERE area_type = 'London borough'
