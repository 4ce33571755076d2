-- reason: not_select
UPDATE fuel_poverty_2021 SET households = 0
