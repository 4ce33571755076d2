-- accept: left join
SELECT p.name, f.fuel_poor_pct FROM places p LEFT JOIN fuel_poverty_2021 f ON f.area_code = p.code ORDER BY f.fuel_poor_pct DESC NULLS LAST LIMIT 5
