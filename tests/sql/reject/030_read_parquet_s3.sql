-- reason: function_not_allowed
SELECT * FROM read_parquet('s3://bucket/key.parquet')
