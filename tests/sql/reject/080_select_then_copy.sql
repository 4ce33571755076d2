-- reason: multiple_statements
SELECT 1; COPY fuel_poverty_2021 TO '/tmp/out.csv'
