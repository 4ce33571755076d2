-- reason: multiple_statements
SELECT 1 /* harmless */; DROP TABLE fuel_poverty_2021
