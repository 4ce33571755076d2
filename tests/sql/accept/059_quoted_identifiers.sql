-- accept: quoted identifiers
SELECT "area_name", "Fuel_Poor_Pct" FROM "fuel_poverty_2021" LIMIT 2
