# A lazy-import base that inherits another one (two levels up and down).
from mmengine.config import read_base
import torch.nn as nn

with read_base():
    from ..lazy.runtime import *

norm_cfg = dict(type=nn.BatchNorm2d, requires_grad=True)
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='ResNet', depth=50, norm_cfg=norm_cfg, act=dict(type=nn.ReLU)),
    head=dict(type='LinearClsHead', num_classes=1000, in_channels=2048),
)
