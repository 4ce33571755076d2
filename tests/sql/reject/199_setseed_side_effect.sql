-- reason: function_not_allowed
SELECT setseed(0.5)
