a = [1, 2, 3]
b = a + [4, 5]
c = [0] * 3
d = [*a, *b[-2:]]
e = a[::-1], a[1:], a[:-1], a[::2], a[10:], a[-100:2]
f = len(a), min(a), max(a), sum(a), sum([0.5, 0.25]), sum([[1], [2]], [])
g = list(range(5)), list(range(2, 10, 3)), list(range(10, 0, -3)), list(range(0))
a.append(4)
a.extend([5, 6])
a.insert(0, 0)
a.insert(-1, 99)
popped = a.pop(), a.pop(0)
a.remove(99)
h = a.index(3), a.count(2), [1, 1, 2].count(1)
i = a.copy()
i.reverse()
j = sorted([3, 1, 2]), sorted(['b', 'a', 'C']), sorted([3, 1, 2], reverse=True)
k = sorted([(1, 'b'), (0, 'z'), (1, 'a')])
l = sorted(['ccc', 'a', 'bb'], key=len), sorted(['ccc', 'a', 'bb'], key=lambda s: -len(s))
m = [3, 1, 2]
m.sort()
n = [[1, 2], [3]]
n[0].append(9)
o = list(reversed([1, 2, 3])), list('abc'), list((1, 2)), list({'k': 1, 'j': 2})
p = [1, 2, 3, 4, 5]
p[1:3] = [20, 30, 40]
del p[0]
del p[-2:]
q = [1, 2] * 2 + [3]
r = [x for x in [1, 2, 3]] == [1, 2, 3], [1, 2] < [1, 3], (1, 2) < (1, 2, 0), [] == []
