_base_ = './_base_/nested/level1.py'
a = dict(mine=True)
lst = [9]
