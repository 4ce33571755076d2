-- reason: function_not_allowed
WITH e AS (SELECT getenv('AWS_SECRET_ACCESS_KEY') AS k) SELECT k FROM e
