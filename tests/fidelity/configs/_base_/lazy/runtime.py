# A lazy-import base with no base of its own.
from mmengine.hooks import CheckpointHook, LoggerHook
from mmengine.runner import EpochBasedTrainLoop

default_scope = 'mmpretrain'
default_hooks = dict(
    logger=dict(type=LoggerHook, interval=100),
    checkpoint=dict(type=CheckpointHook, interval=1),
)
train_cfg = dict(type=EpochBasedTrainLoop, max_epochs=12, val_interval=1)
log_level = 'INFO'
