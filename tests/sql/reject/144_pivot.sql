-- reason: syntax_not_allowed
SELECT * FROM fuel_poverty_2021 PIVOT (sum(households) FOR region IN ('London'))
