-- reason: function_not_allowed
SELECT {'a': 1}.a
