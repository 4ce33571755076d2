-- reason: function_not_allowed
SELECT format('{:>1000000000}', 'x')
