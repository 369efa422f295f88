def make_layer(depth, width=64, *extra, scale=1, **kw):
    out = dict(depth=depth, width=width * scale, extra=list(extra))
    out.update(kw)
    return out

a = make_layer(3)
b = make_layer(2, 32, 'x', 'y', scale=2, name='b')
c = make_layer(width=8, depth=1)

def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

d = fib(15)
sq = lambda x: x ** 2
e = list(map(sq, [1, 2, 3]))
f = list(filter(lambda x: x % 2, range(7)))

def counter(start):
    def inc(step=1):
        return start + step
    return inc

g = counter(10)(5)

def no_return():
    x = 1

h = no_return()

def defaults_shared(item, acc=[]):
    acc.append(item)
    return acc

defaults_shared(1)
i = defaults_shared(2)
j = (lambda *a, **k: (a, sorted(k)))(1, 2, z=3, y=4)
