a = '%s-%s' % ('x', 'y')
b = '%05.1f|%-4d|%+d' % (3.14159, 7, 5)
c = '7'.zfill(3)
d = 'hello world'.title()
e = '{0}{1}{0}'.format('ab', 'cd')
f = '{:,}'.format(1234567)
g = '{:>8.3f}'.format(2.5)
h = 'a-b-c'.split('-', 1)
i = ' x '.lstrip() + '|' + ' y '.rstrip()
j = 'banana'.count('an')
k = 'banana'.find('nan')
l = 'A' in 'ABC' and 'abc'.upper() == 'ABC'
m = ','.join(str(x) for x in range(3))
n = f'{3.14159:.2f} {42:>5} {"s":<3}|'
