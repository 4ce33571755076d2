-- accept: cte upper case name
WITH Top AS (SELECT area_name FROM fuel_poverty_2021 ORDER BY fuel_poor_pct DESC LIMIT 3) SELECT area_name FROM top
