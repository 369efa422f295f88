# ConfigDict.merge (mmpretrain's mobilenet_v3 and simclr configs use it).
from mmengine.config import read_base

with read_base():
    from ._base_.lazy.model import *
    from ._base_.lazy.plain import pipeline

model.merge(
    dict(
        backbone=dict(depth=18, act=dict(_delete_=True, type='GELU')),
        head=dict(num_classes=10, extra=dict(a=1)),
        neck=dict(_delete_=False, type='GAP'),
    ))
train_cfg.merge(dict(max_epochs=3, val_interval=dict(_delete_=True, n=2)))
default_hooks.merge(dict(logger=None))
