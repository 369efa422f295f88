a = 1
b = -2
c = 0x1F + 0o17 + 0b101 + 1_000
d = 1.5
e = 1e-3
f = .5
g = 1.
h = 2.5e10
i = 1e16
j = 1e22
k = 0.1 + 0.2
l = None
m = True
n = False
o = 'single'
p = "double"
q = '''triple
quoted'''
r = """also
triple"""
s = 'implicit' ' concat' " of strings"
t = r'raw\d+\n'
u = 'esc\tape\n\\ \'q\' \x41\101\u00e9'
v = (1,)
w = ()
x = 1, 2, 3
y = []
z = {}
