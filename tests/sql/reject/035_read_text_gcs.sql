-- reason: function_not_allowed
SELECT * FROM read_text('gcs://bucket/obj')
