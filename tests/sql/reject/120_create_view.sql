-- reason: not_select
CREATE VIEW v AS SELECT * FROM fuel_poverty_2021
