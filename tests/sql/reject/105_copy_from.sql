-- reason: not_select
COPY fuel_poverty_2021 FROM '/etc/passwd'
