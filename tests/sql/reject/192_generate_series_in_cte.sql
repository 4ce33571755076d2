-- reason: function_not_allowed
WITH g AS (SELECT * FROM generate_series(1, 100000000000)) SELECT count(*) FROM g
