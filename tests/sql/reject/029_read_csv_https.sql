-- reason: function_not_allowed
SELECT * FROM read_csv('https://example.com/data.csv')
