-- reason: not_select
COPY (SELECT * FROM fuel_poverty_2021) TO '/tmp/x.parquet' (FORMAT parquet)
