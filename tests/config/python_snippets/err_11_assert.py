assert 1 == 2, 'boom'
