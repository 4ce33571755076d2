-- reason: function_not_allowed
SELECT unnest(range(100000000))
