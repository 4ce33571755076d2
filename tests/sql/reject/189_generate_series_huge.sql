-- reason: function_not_allowed
SELECT count(*) FROM generate_series(1, 9223372036854775807)
