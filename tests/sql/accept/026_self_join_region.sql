-- accept: self join region
SELECT la.area_name, la.fuel_poor_pct - reg.fuel_poor_pct AS vs_region FROM fuel_poverty_2021 la JOIN fuel_poverty_2021 reg ON reg.area_name = la.region AND reg.area_type = 'Region' WHERE la.area_type = 'London borough' ORDER BY vs_region DESC
