-- reason: syntax_not_allowed
SELECT #1 FROM fuel_poverty_2021
