-- accept: window first last
SELECT DISTINCT region, first_value(area_name) OVER w AS lowest, last_value(area_name) OVER w AS highest FROM fuel_poverty_2021 WHERE region IS NOT NULL WINDOW w AS (PARTITION BY region ORDER BY fuel_poor_pct ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
