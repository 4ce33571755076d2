-- reason: function_not_allowed
SELECT count(*) FROM range(1000000000000)
