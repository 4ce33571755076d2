-- reason: table_not_allowed
SELECT * FROM 's3://bucket/x.parquet'
