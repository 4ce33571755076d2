-- accept: rollup
SELECT region, area_type, count(*) AS n FROM fuel_poverty_2021 WHERE region IS NOT NULL GROUP BY ROLLUP (region, area_type) ORDER BY region NULLS FIRST, area_type NULLS FIRST
