-- reason: function_not_allowed
SELECT * FROM read_parquet('build/ndl.duckdb')
