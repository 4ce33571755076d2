-- reason: function_not_allowed
SELECT * FROM query_table('_semantic')
