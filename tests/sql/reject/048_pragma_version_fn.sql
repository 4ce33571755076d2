-- reason: function_not_allowed
SELECT * FROM pragma_version()
