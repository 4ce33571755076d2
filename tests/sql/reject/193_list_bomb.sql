-- reason: function_not_allowed
SELECT list_resize([1], 1000000000)
