-- accept: select star
SELECT * FROM fuel_poverty_2021
