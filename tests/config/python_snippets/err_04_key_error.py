d = dict(a=1)
v = d['b']
