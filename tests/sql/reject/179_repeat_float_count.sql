-- reason: function_not_allowed
SELECT repeat('x', 1e9)
