-- reason: not_select
PRAGMA table_info('_semantic')
