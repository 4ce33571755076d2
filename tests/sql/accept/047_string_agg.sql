-- accept: string agg
SELECT region, string_agg(area_name, ', ' ORDER BY area_name) AS areas FROM fuel_poverty_2021 WHERE area_type = 'Metropolitan district' GROUP BY region
