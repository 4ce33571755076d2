-- reason: table_not_allowed
SELECT * FROM 'https://example.com/x.csv'
