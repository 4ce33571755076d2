-- reason: function_not_allowed
SELECT * FROM read_json('http://169.254.169.254/latest/meta-data/')
