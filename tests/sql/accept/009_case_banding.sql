-- accept: case banding
SELECT CASE WHEN fuel_poor_pct >= 15 THEN 'high' WHEN fuel_poor_pct >= 12 THEN 'medium' ELSE 'low' END AS band,
       count(*) AS areas
FROM fuel_poverty_2021 GROUP BY band ORDER BY areas DESC
