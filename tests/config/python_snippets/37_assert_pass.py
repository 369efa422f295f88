x = 5
assert x == 5
assert x > 0, 'positive'
if x:
    pass
def noop():
    pass
y = noop()
z = 1; w = 2
