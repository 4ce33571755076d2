-- reason: function_not_allowed
SELECT * FROM read_json_auto('config.json')
