-- accept: cross join two
SELECT count(*) AS pairs FROM places a, places b WHERE a.level = 'Region' AND b.level = 'Region'
