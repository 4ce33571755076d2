-- accept: window qualify
SELECT region, area_name, fuel_poor_pct FROM fuel_poverty_2021 WHERE area_type <> 'Region' QUALIFY row_number() OVER (PARTITION BY region ORDER BY fuel_poor_pct DESC) = 1 ORDER BY region
