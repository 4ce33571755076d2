-- accept: date functions
SELECT extract(year FROM DATE '2021-04-01') AS y, date_trunc('month', DATE '2021-04-17') AS m, strftime(DATE '2021-04-01', '%Y-%m') AS ym, make_date(2021, 1, 1) AS d
