-- accept: concat and pipes
SELECT area_name || ' (' || area_code || ')' AS label, concat_ws(' / ', region, area_type) AS ctx FROM fuel_poverty_2021 LIMIT 5
