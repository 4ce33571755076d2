-- reason: table_not_allowed
WITH _semantic AS (SELECT * FROM _semantic) SELECT * FROM _semantic
