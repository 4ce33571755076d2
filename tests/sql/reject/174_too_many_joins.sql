-- reason: too_complex
SELECT count(*) FROM places p0 JOIN places p1 ON p1.code = p0.code JOIN places p2 ON p2.code = p1.code JOIN places p3 ON p3.code = p2.code JOIN places p4 ON p4.code = p3.code JOIN places p5 ON p5.code = p4.code JOIN places p6 ON p6.code = p5.code JOIN places p7 ON p7.code = p6.code JOIN places p8 ON p8.code = p7.code JOIN places p9 ON p9.code = p8.code
