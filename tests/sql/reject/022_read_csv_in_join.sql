-- reason: function_not_allowed
SELECT * FROM fuel_poverty_2021 f JOIN read_csv('/etc/group') g ON true
