-- reason: function_not_allowed
SELECT current_setting('memory_limit')
