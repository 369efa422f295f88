_base_ = './_base_/vars.py'
depth = dict(value=50)
