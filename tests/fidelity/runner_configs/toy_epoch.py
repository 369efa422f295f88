# The toy job both engines run for the runner fidelity tests: epoch-based
# training with validation every 2 epochs (and after the last one), then a
# test pass. ToyModel/ToyDataset/ToyMetric/RecordHook are registered by the
# test (C++) and by tests/fidelity/scripts/runner_toy.py (Python).
model = dict(type='ToyModel')
work_dir = 'work_dirs/toy_epoch'
train_dataloader = dict(
    dataset=dict(type='ToyDataset'),
    sampler=dict(type='DefaultSampler', shuffle=True),
    batch_size=4,
    num_workers=0)
val_dataloader = dict(
    dataset=dict(type='ToyDataset'),
    sampler=dict(type='DefaultSampler', shuffle=False),
    batch_size=5,
    num_workers=0)
test_dataloader = val_dataloader
train_cfg = dict(by_epoch=True, max_epochs=3, val_interval=2)
val_cfg = dict()
test_cfg = dict()
val_evaluator = dict(type='ToyMetric')
test_evaluator = val_evaluator
optim_wrapper = dict(
    type='OptimWrapper', optimizer=dict(type='SGD', lr=0.1, momentum=0.9))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.5, by_epoch=False, begin=0, end=2),
    dict(type='MultiStepLR', milestones=[2], gamma=0.1, by_epoch=True),
]
default_hooks = dict(checkpoint=None, logger=dict(type='LoggerHook', interval=2))
custom_hooks = [dict(type='RecordHook', priority='LOW')]
log_processor = dict(window_size=2)
randomness = dict(seed=42)
