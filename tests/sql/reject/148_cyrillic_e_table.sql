-- reason: table_not_allowed
SELECT * FROM fuеl_poverty_2021
