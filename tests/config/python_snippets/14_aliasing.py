base = dict(type='Resize', scale=(1333, 800))
pipeline = [dict(type='Load'), base, dict(type='Pack')]
base['keep_ratio'] = True
alias = pipeline
alias.append(dict(type='Extra'))
for step in pipeline:
    if step['type'] == 'Load':
        step['backend'] = 'disk'
nested = dict(inner=dict(v=1))
inner = nested['inner']
inner['v'] = 2
lst = [[0]] * 3
lst[0].append(1)
a = [1, 2]
b = a
b += [3]
t = (a, 'x')
a.append(4)
