-- reason: table_not_allowed
SELECT * FROM fuel_pοverty_2021
