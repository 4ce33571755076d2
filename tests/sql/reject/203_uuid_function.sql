-- reason: function_not_allowed
SELECT uuid()
