a = 1 < 2 < 3, 1 < 3 < 2, 1 == 1.0, 1 == True, 'a' < 'b' < 'c'
b = None is None, None is not None, [] is [], 1 != 2
c = (1, 2) == (1, 2), [1, 2] == (1, 2), {'a': 1} == {'a': 1}, {1: 2} != {1: 3}
d = 2 in [1, 2], 'x' in {'x': 1}, 3 not in (1, 2), 'b' in 'abc'
e = 1 < 2.5, -1 > -1.5, 2 ** 53 + 1 == 2.0 ** 53, 0.1 + 0.2 == 0.3
f = 'abc' < 'abd', 'Z' < 'a', (1, 'a') < (1, 'b'), [1] < [1, 0]
g = not [], not 0, not 'x', 1 and 2, 0 and 2, 0 or '', [] or [1], None or 'd'
h = 1 if [] else 2, 'y' if 'n' else 'x'
