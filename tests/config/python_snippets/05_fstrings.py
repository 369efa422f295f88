x = 3.14159
n = 42
s = 'abc'
a = f'{x:.2f}'
b = f'{n:05d}|{n:>6}|{n:<6}|{n:^7}|{n:x}|{n:#o}|{n:b}'
c = f'{s!r} {s!s} {s:>5} {s:.2}'
d = f'{n:,} {1234567.891:,.2f} {n:+d} {-n:=+8d}'
e = f'{x:e} {x:.3g} {0.0001:g} {1e20:g} {x:10.3f}|'
f = f'{{literal}} {n}'
width = 8
g = f'{s:>{width}}|'
h = f'{n * 2}_{s.upper()}_{[1, 2][0]}'
i = f'{x}' f'_{n}' '_plain'
j = f'{n=}'
k = f'{0.5:%} {0.256:.1%}'
l = f'{True} {None} {[1, "a"]} {(1,)} {dict(a=1)}'
m = f'{1.0} {1e16} {1.5e-7} {100.0:.0f} {2.5:.0f} {3.5:.0f}'
work_dir = f'./work_dirs/{s}_{n}e'
