-- reason: multiple_statements
SELECT 1 -- comment
; DELETE FROM fuel_poverty_2021
