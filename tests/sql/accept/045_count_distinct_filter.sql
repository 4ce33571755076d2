-- accept: count distinct filter
SELECT count(DISTINCT region) AS regions, count(*) FILTER (WHERE fuel_poor_pct > 15) AS high FROM fuel_poverty_2021
