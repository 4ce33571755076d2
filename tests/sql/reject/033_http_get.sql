-- reason: function_not_allowed
SELECT http_get('http://example.com')
