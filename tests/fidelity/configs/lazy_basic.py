from mmengine.config import read_base
from mmengine.hooks import EMAHook
from torch.optim import AdamW

with read_base():
    from ._base_.lazy.model import *
    from ._base_.lazy.schedule import *

model.backbone.depth = 101
optim_wrapper.optimizer = dict(type=AdamW, lr=base_lr * 2, weight_decay=0.05)
custom_hooks = [dict(type=EMAHook, momentum=1e-4)]
train_cfg.max_epochs = 24
