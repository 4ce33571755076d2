-- reason: not_select
COPY fuel_poverty_2021 TO '/tmp/x.csv'
