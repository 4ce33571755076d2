-- reason: function_not_allowed
SELECT space(1000000000)
