-- reason: function_not_allowed
SELECT range(1000000000)
