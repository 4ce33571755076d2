-- reason: multiple_statements
SELECT 1; UPDATE fuel_poverty_2021 SET households = 0
