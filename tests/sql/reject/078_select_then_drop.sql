-- reason: multiple_statements
SELECT * FROM fuel_poverty_2021; DROP TABLE fuel_poverty_2021
