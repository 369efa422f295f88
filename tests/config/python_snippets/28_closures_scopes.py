scale = 2
def apply(xs):
    factor = scale * 3
    return [x * factor for x in xs]
a = apply([1, 2])
def outer():
    vals = []
    for i in range(3):
        vals.append(lambda i=i: i * 10)
    return [f() for f in vals]
b = outer()
def late():
    fs = [lambda: j for j in range(3)]
    return [f() for f in fs]
c = late()
def shadow(scale):
    return scale + 1
d = shadow(10)
e = scale
def modify(cfg):
    cfg['touched'] = True
    return cfg
f = modify(dict(x=1))
g = [[i + j for j in range(2)] for i in range(2)]
