d = dict(a=1, b=2)
a = d.get('a'), d.get('z'), d.get('z', 0)
b = list(d.keys()), list(d.values()), list(d.items())
c = d.copy()
c['c'] = 3
d.update(b=20, e=5)
d.update({'f': 6})
d.update([('g', 7)])
e = d.pop('a'), d.pop('zz', None)
f = d.setdefault('h', 8), d.setdefault('b', 0)
g = 'b' in d, 'a' in d, len(d)
h = {k: v for k, v in sorted(d.items())}
del d['h']
i = d
j = dict(d, extra=1)
k = {**d, 'b': -1}
l = d | {'z': 0}
m = dict.__name__ if False else 'skip'
n = c.popitem()
