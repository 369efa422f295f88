from copy import deepcopy

from mmengine.config import read_base
from torch.optim import SGD

with read_base():
    from ._base_.lazy.runtime import *
    from ._base_.lazy.schedule import *

default_hooks.update(dict(logger=dict(interval=50), timer=dict(type='Timer')))
val_cfg = deepcopy(train_cfg)
val_cfg.update(max_epochs=1)
optim_wrapper.update(dict(optimizer=dict(type=SGD, lr=0.02), clip_grad=None))
schedulers = [p for p in param_scheduler if p['by_epoch']]
flags = [isinstance(SGD, str), callable(SGD), bool(SGD)]
