_base_ = ['./_base_/model.py', './_base_/schedule.py', './_base_/runtime.py']
optim_wrapper = dict(optimizer=dict(lr=0.02))
param_scheduler = [dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=500),
                   dict(type='CosineAnnealingLR', T_max=100)]
train_cfg = dict(max_epochs=12)
