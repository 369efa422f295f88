# Iteration-based variant of toy_epoch.py: an endless shuffled sampler,
# validation every 4 iterations and after the last one.
_base_ = ['./toy_epoch.py']
work_dir = 'work_dirs/toy_iter'
train_dataloader = dict(sampler=dict(type='InfiniteSampler', shuffle=True))
train_cfg = dict(_delete_=True, by_epoch=False, max_iters=10, val_interval=4)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.5, by_epoch=False, begin=0, end=3),
    dict(type='MultiStepLR', milestones=[6], gamma=0.1, by_epoch=False),
]
log_processor = dict(window_size=2, by_epoch=False)
default_hooks = dict(logger=dict(type='LoggerHook', interval=3))
