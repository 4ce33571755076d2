-- reason: not_select
INSERT INTO fuel_poverty_2021 (area_code) VALUES ('x')
