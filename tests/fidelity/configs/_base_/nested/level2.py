_base_ = './level3.py'
a = dict(from_level2=True, shared=2)
lst = [4, 5]
