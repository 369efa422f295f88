a = b = c = [1, 2]
d = dict()
d['x'] = d['y'] = 3
first, *rest = [1, 2, 3]
