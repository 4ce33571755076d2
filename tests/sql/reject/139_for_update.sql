-- reason: syntax_not_allowed
SELECT * FROM fuel_poverty_2021 FOR UPDATE
