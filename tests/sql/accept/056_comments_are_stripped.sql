-- accept: comments are stripped
-- the top three
SELECT area_name /* name */ FROM fuel_poverty_2021 /* ; DROP TABLE x */ ORDER BY fuel_poor_pct DESC LIMIT 3
