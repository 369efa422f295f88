import copy

a = b = 5
x, y = 1, 2
(p, q), r = (3, 4), 5
cfg = dict(model=dict(depth=50), lst=[1, 2])
cfg['model']['depth'] = 101
cfg['lst'][0] = 10
counter = 1
counter += 2
counter *= 3
txt = 'a'
txt += 'b'
items = [1]
items += [2]
items.append(3)
items.extend([4, 5])
items.insert(0, 0)
popped = items.pop()
d = dict(k=1)
d.update(m=2)
d.setdefault('n', 3)
removed = d.pop('k')
tmp = 1
del tmp
copied = copy.deepcopy(cfg)
copied['model']['depth'] = 18
shallow = copy.copy(d)
for i in range(3):
    counter += i
if counter > 10:
    flag = 'big'
elif counter > 5:
    flag = 'medium'
else:
    flag = 'small'


def helper(v, scale=2):
    out = v * scale
    if out > 100:
        return 100
    return out


scaled = helper(30)
capped = helper(60, scale=3)
square = lambda v: v * v
sq = square(4)
__private = 'hidden'
