-- accept: trailing semicolon
SELECT count(*) FROM places;
