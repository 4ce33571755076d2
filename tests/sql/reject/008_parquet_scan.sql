-- reason: function_not_allowed
SELECT * FROM parquet_scan('/data/secret.parquet')
