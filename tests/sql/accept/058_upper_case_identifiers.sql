-- accept: upper case identifiers
SELECT AREA_NAME, FUEL_POOR_PCT FROM FUEL_POVERTY_2021 WHERE AREA_TYPE = 'Region'
