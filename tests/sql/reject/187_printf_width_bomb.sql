-- reason: function_not_allowed
SELECT printf('%1000000000d', 1)
