-- reason: function_not_allowed
SELECT * FROM glob('/*')
