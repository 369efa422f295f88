base = dict(a=1, b=2)
merged = dict(base, c=3)
starred = dict(**base, d=4)
braces = {'x': 1, 2: 'two', **base}
int_keys = {1: 'a', 2: 'b'}
spread = [*[1, 2], 3]
tpl = tuple([1, 2])
lst = list((3, 4))
st = sorted(set([3, 1, 2, 3]))
lc = [x * 2 for x in range(4)]
lc_if = [x for x in range(10) if x % 3 == 0]
nested_lc = [(i, j) for i in range(2) for j in range(2)]
dc = {k: v for k, v in zip(['a', 'b'], [1, 2])}
sc = sorted({x % 3 for x in range(10)})
gen_sum = sum(x for x in range(5))
en = list(enumerate(['a', 'b']))
ln = len(lc)
mn = min(3, 1, 2)
mx = max([4, 9, 2])
ab = abs(-3.5)
rd = [round(0.5), round(1.5), round(2.5), round(2.675, 2)]
conv = [int('12'), float('1.5'), str(3), bool(0), int(3.9)]
anyall = [any([0, 1]), all([1, 0])]
dm = divmod(17, 5)
inst = [isinstance(1, int), isinstance('a', (list, str)), isinstance(1.0, int)]
rv = list(reversed([1, 2, 3]))
srt = sorted(['b', 'A', 'c'], key=lambda s: s.lower(), reverse=True)
getv = base.get('a'), base.get('zz', 'dflt')
keys = list(base.keys())
vals = list(base.values())
items = list(base.items())
