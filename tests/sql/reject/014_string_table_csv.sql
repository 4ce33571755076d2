-- reason: table_not_allowed
SELECT * FROM 'file.csv'
