sq = [i * i for i in range(6)]
even = [i for i in range(10) if i % 2 == 0 if i > 2]
pairs = [(i, j) for i in range(3) for j in range(i)]
nested = [[j for j in range(i)] for i in range(4)]
d = {k: v for k, v in [('a', 1), ('b', 2)]}
inv = {v: k for k, v in d.items()}
s = sorted({x % 3 for x in range(10)})
total = sum(x * 2 for x in range(5))
anyv = any(x > 3 for x in [1, 5]), all(x > 0 for x in [1, 2]), any([]), all([])
mx = max(len(w) for w in ['aa', 'bbbb', 'c'])
names = [f'layer{i}' for i in range(3)]
cond = [x if x > 1 else -x for x in range(3)]
flat = [y for x in [[1, 2], [3]] for y in x]
i = 'leaks-not'
scoped = [i for i in range(2)]
