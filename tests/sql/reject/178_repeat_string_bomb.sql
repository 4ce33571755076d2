-- reason: function_not_allowed
SELECT repeat('x', 1000000000)
