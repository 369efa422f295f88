base_lr = 0.1
stages = [1, 2, 3]


def lr_for(stage, decay=0.5):
    value = base_lr
    for _ in range(stage):
        value = value * decay
    return round(value, 6)


def make_stage(i):
    return dict(index=i, lr=lr_for(i), tag='s%d' % i)


schedule = [make_stage(i) for i in stages]
total = sum([s['lr'] for s in schedule])
