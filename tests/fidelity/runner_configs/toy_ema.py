# The toy epoch job with an EMAHook: validation runs on the averaged
# weights, so the val metrics compare our EMA with MMEngine's.
_base_ = './toy_epoch.py'
work_dir = 'work_dirs/toy_ema'
custom_hooks = [
    dict(type='RecordHook', priority='LOW'),
    dict(type='EMAHook', momentum=0.2, begin_iter=2, update_buffers=True),
]
