mapping = {0: 'zero', 1: 'one', 10: 'ten'}
mixed = dict(a={3: [1, 2]}, b={'x-y': 1, 'ok': 2})
