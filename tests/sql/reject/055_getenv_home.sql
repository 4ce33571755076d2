-- reason: function_not_allowed
SELECT getenv('HOME')
