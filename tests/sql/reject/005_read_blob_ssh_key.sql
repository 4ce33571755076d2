-- reason: function_not_allowed
SELECT content FROM read_blob('/root/.ssh/id_rsa')
