-- reason: function_not_allowed
SELECT getvariable('secret')
