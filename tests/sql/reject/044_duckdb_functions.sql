-- reason: function_not_allowed
SELECT function_name FROM duckdb_functions()
