-- reason: table_not_allowed
SELECT count(*) FROM 'data/raw/*.parquet'
