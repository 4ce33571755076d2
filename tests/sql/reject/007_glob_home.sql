-- reason: function_not_allowed
SELECT file FROM glob('/home/**/*')
