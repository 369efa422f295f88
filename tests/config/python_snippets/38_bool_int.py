a = True + 1, True * 2.5, -True, ~True, True / 2, True // 1, True ** 2
b = True & False, True | False, True ^ True, 1 & True
c = int(True), float(False), str(True), bool(2)
d = [True, 1, 1.0].count(1), len({True: 'a', 1: 'b'}), {1: 'x', True: 'y', 1.0: 'z'}, {0: 'f', False: 'g'}[0]
e = sum([True, True, False]), max(True, 2), sorted([True, 0, 2])
