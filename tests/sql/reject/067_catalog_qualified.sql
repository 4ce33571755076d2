-- reason: table_not_allowed
SELECT * FROM fixture.main.fuel_poverty_2021
