a = 'str' + 1
