-- reason: table_not_allowed
SELECT * FROM (WITH _semantic AS (SELECT 1 AS x) SELECT x FROM _semantic) q, _semantic
