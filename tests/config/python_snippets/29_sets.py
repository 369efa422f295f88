s = {3, 1, 2}
a = sorted(s)
b = sorted(s | {5}), sorted(s & {1, 9}), sorted(s - {1}), sorted(s ^ {1, 7})
c = 2 in s, len(s), len(set())
t = set()
t.add('x')
t.update(['y', 'z'])
t.discard('nope')
d = sorted(t), sorted(t.union({'w'})), sorted(s.intersection([1, 2])), s.issubset({1, 2, 3, 4})
e = sorted({x % 2 for x in range(10)})
del s, t
