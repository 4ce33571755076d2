-- accept: window lag lead
SELECT area_name, fuel_poor_pct, LAG(fuel_poor_pct) OVER (ORDER BY fuel_poor_pct) AS prev, LEAD(fuel_poor_pct) OVER (ORDER BY fuel_poor_pct) AS next FROM fuel_poverty_2021 WHERE area_type = 'Region'
