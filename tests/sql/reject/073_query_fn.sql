-- reason: function_not_allowed
SELECT * FROM query('SELECT * FROM _semantic')
