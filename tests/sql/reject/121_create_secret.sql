-- reason: not_select
CREATE SECRET my_secret (TYPE s3, KEY_ID 'x', SECRET 'y')
