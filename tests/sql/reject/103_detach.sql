-- reason: not_select
DETACH fixture
