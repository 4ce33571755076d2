-- reason: not_select
ALTER TABLE fuel_poverty_2021 ADD COLUMN x INTEGER
