-- reason: function_not_allowed
SELECT * FROM read_ndjson_objects('/var/log/app.json')
