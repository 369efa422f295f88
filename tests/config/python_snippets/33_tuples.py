a = (1, 2) + (3,)
b = (0,) * 3
c = (1, (2, 3), [4])
c[2].append(5)
d = len(c), c[1][0], c.index((2, 3)), (1, 1, 2).count(1)
e = tuple(sorted((3, 1, 2)))
f = ((1, 2), (3, 4))
g = [x + y for x, y in f]
h = tuple(i for i in range(3)),
i = tuple()
j = (1, 2) == (1, 2), (1,) < (2,)
