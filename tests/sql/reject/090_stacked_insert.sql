-- reason: multiple_statements
SELECT 1; INSERT INTO fuel_poverty_2021 VALUES (1)
