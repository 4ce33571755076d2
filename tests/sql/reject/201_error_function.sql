-- reason: function_not_allowed
SELECT error('boom')
