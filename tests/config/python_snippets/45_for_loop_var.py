for idx in range(3):
    last_square = idx * idx
for key, value in dict(a=1, b=2).items():
    pass
total = 0
for n in [1, 2, 3]:
    total = total + n
for ch in 'xy':
    pass
