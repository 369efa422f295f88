from torch.optim import SGD
from mmengine.optim import MultiStepLR, OptimWrapper

optim_wrapper = dict(
    type=OptimWrapper, optimizer=dict(type=SGD, lr=0.1, momentum=0.9))
param_scheduler = [
    dict(type=MultiStepLR, by_epoch=True, milestones=[30, 60], gamma=0.1)
]
base_lr = optim_wrapper['optimizer']['lr']
