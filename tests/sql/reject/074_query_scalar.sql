-- reason: function_not_allowed
SELECT query('SELECT 1')
