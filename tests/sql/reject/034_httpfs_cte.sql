-- reason: function_not_allowed
WITH a AS (SELECT * FROM read_csv_auto('http://evil.example/a.csv')) SELECT * FROM a
