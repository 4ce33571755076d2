-- accept: regexp
SELECT area_name, regexp_replace(area_name, '[aeiou]', '', 'g') AS consonants FROM fuel_poverty_2021 WHERE regexp_matches(area_code, '^E09')
