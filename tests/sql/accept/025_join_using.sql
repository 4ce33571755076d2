-- accept: join using
SELECT a.name, b.level FROM places a JOIN places b USING (code) LIMIT 5
