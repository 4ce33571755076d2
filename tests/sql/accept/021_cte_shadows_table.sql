-- accept: cte shadows table
WITH places AS (SELECT code, name FROM places WHERE level = 'Region') SELECT name FROM places ORDER BY name
