_base_ = './_base_/model.py'
model = dict(backbone=dict(out_indices=(0, 1, 2, 3), norm_cfg=dict(requires_grad=False)))
