-- reason: function_not_allowed
SELECT list_transform([1, 2], x -> x + 1)
