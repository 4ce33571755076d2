-- reason: function_not_allowed
SELECT which_secret('s3://x', 's3')
