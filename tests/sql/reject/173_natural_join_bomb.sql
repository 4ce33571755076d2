-- reason: too_complex
SELECT count(*) FROM fuel_poverty_2021 a NATURAL JOIN places b NATURAL JOIN places c NATURAL JOIN places d
