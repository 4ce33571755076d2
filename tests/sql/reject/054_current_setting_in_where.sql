-- reason: function_not_allowed
SELECT area_name FROM fuel_poverty_2021 WHERE current_setting('threads') = '2'
