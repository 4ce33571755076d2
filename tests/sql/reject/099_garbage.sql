-- reason: not_select
SELEC * FORM fuel_poverty_2021
