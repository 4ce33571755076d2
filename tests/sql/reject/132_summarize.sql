-- reason: not_select
SUMMARIZE fuel_poverty_2021
