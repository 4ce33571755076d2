-- reason: function_not_allowed
SELECT main.getenv('HOME')
