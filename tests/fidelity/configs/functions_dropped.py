import copy


def make(x):
    return dict(v=x)


lam = lambda y: y + 1
result = make(3)
after = lam(1)
cp = copy
