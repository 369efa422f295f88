import mmengine.hooks
import torch.nn
import torch.optim as optim
from mmengine.config import read_base

with read_base():
    from ._base_.lazy.plain import *

model = dict(act=dict(type=torch.nn.ReLU), norm=torch.nn.modules.BatchNorm2d)
optimizer = dict(type=optim.SGD, lr=0.01)
hooks = [dict(type=mmengine.hooks.LoggerHook), mmengine.hooks.ParamSchedulerHook]
pipeline.append(dict(type='PackInputs'))
size = batch_size * 2
