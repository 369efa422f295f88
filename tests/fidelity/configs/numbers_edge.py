big = 2 ** 40
tiny = 1e-300
neg_zero = -0.0
flt_int = 10.0
sci = 1.5e10
frac = 1 / 3
ints = [0, -1, 9007199254740993]
prec = 0.1 + 0.2
