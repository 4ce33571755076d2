-- reason: literal_too_large
SELECT lpad('x', 1000000000, 'y')
