_base_ = './_base_/model.py'
model = dict(backbone=dict(depth=101), head=dict(num_classes=10))
