-- reason: not_select
CALL pragma_table_info('_semantic')
