-- reason: function_not_allowed
SELECT * FROM duckdb_secrets()
