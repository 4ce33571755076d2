-- accept: statistics
SELECT avg(fuel_poor_pct) AS mean, median(fuel_poor_pct) AS med, stddev(fuel_poor_pct) AS sd, quantile_cont(fuel_poor_pct, 0.9) AS p90, min(fuel_poor_pct) AS lo, max(fuel_poor_pct) AS hi FROM fuel_poverty_2021
