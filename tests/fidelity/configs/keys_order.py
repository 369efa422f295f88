_base_ = './_base_/vars.py'
zeta = 1
alpha = 2
depth = 34
mid = dict(b=1, a=2)
