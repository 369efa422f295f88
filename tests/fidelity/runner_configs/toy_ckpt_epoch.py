# toy_epoch.py with a CheckpointHook: every 2 epochs, the last one, at
# most 2 kept, and the best `mse` ('auto': the first metric).
_base_ = ['./toy_epoch.py']
work_dir = 'work_dirs/toy_ckpt_epoch'
train_cfg = dict(max_epochs=5, val_interval=1)
default_hooks = dict(
    checkpoint=dict(
        _delete_=True,
        type='CheckpointHook',
        interval=2,
        max_keep_ckpts=2,
        save_best='auto',
        rule='less',
        save_last=True))
