a = list(map(str, [1, 2])), list(map(lambda x, y: x + y, [1, 2], [10, 20]))
b = list(filter(None, [0, 1, '', 'a', None])), list(zip(*[(1, 'a'), (2, 'b')]))
c = hasattr(dict(a=1), 'a'), hasattr(dict(a=1), 'keys'), getattr(dict(), 'b', 'dflt'), hasattr([], 'append')
d = sorted(dict(b=1, a=2)), sorted(dict(b=1, a=2).items(), key=lambda kv: kv[1])
e = max([('a', 3), ('b', 5)], key=lambda p: p[1])[0]
f = [i for i, _ in enumerate('xyz')], list(iter([1, 2]))
g = divmod(-7, 3), divmod(7, -3), round(-1.5), round(1e-3, 1)
h = str(-0.0), abs(-0.0), 0.0 == -0.0
i = min('b', 'a', key=str.upper) if False else min(['b', 'a'])
