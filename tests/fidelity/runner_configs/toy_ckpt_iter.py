# toy_iter.py with an iteration-based CheckpointHook: every 3 iterations,
# at most 2 kept, the best of two metrics (`mse` and `b/mse`).
_base_ = ['./toy_iter.py']
work_dir = 'work_dirs/toy_ckpt_iter'
val_evaluator = [dict(type='ToyMetric'), dict(type='ToyMetric', prefix='b')]
default_hooks = dict(
    checkpoint=dict(
        _delete_=True,
        type='CheckpointHook',
        by_epoch=False,
        interval=3,
        max_keep_ckpts=2,
        save_best=['mse', 'b/mse'],
        rule='less'))
