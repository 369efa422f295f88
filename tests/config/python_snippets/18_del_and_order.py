a = 1
b = 2
c = 3
del b
b = 4
d = dict(x=1, y=2, z=3)
del d['y']
d['y'] = 5
e = [0, 1, 2, 3, 4, 5]
del e[::2]
f = 1
del f
