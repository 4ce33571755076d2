-- reason: function_not_allowed
SELECT nextval('seq')
