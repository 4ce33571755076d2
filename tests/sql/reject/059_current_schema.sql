-- reason: function_not_allowed
SELECT current_schema()
