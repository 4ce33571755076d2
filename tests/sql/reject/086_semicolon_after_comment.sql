-- reason: multiple_statements
SELECT area_name FROM fuel_poverty_2021 -- end
;SELECT * FROM _semantic
