-- reason: function_not_allowed
SELECT * FROM read_json('/proc/self/environ')
