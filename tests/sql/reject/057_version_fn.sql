-- reason: function_not_allowed
SELECT version()
