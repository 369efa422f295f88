_base_ = '../model.py'
extra = 1
