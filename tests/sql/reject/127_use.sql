-- reason: not_select
USE memory
