_base_ = './_base_/vars.py'
tmp = [1, 2]
keep = tmp + [3]
del tmp
depth = 50
channels = None
