a, b = 1, 2
a, b = b, a
c, (d, e) = 1, (2, 3)
first, *rest = [1, 2, 3, 4]
*init, last = 'abc'
h, *mid, t = range(5)
[x, y] = (10, 20)
p = q = r = 'same'
m = n = []
m.append(1)
for i, (k, v) in enumerate(dict(a=1, b=2).items()):
    pass
u, = [5]
