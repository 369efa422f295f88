_base_ = './_base_/runtime.py'
default_hooks = dict(checkpoint=None, logger=dict(interval=10))
load_from = 'ckpt.pth'
