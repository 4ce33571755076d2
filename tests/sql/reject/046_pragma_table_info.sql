-- reason: function_not_allowed
SELECT * FROM pragma_table_info('_semantic')
