-- reason: literal_too_large
SELECT lpad('a', 1e9, 'b')
