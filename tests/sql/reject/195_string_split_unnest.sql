-- reason: function_not_allowed
SELECT unnest(string_split('a,b', ','))
