-- accept: window rank
SELECT area_name, region, RANK() OVER (PARTITION BY region ORDER BY fuel_poor_pct DESC) AS rk FROM fuel_poverty_2021 WHERE region IS NOT NULL ORDER BY region, rk
