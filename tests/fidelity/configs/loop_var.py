stages = []
for i, w in enumerate([64, 128]):
    stages.append(dict(idx=i, width=w))
for k in ['a', 'b']:
    pass
total = 0
for x in range(5):
    if x % 2 == 0:
        total += x
