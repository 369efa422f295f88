# An MLP classifier on the embedded 8x8 digits
# (data/digits, 1199 train / 299 val / 299 test images). Runs in seconds on
# a CPU:  mmengine train configs/digits/mlp_digits.py
data_root = '{{fileDirname}}/../../data/digits'

model = dict(
    type='ImageClassifier',
    # Pixels are 0..16: the train set's mean and std.
    data_preprocessor=dict(type='ImgDataPreprocessor', mean=[4.8826], std=[6.0158]),
    backbone=dict(type='MLP', in_channels=64, hidden_channels=[128, 64], num_classes=10),
    head=dict(type='ClsHead', loss=dict(type='CrossEntropyLoss', loss_weight=1.0)),
)

train_dataloader = dict(
    batch_size=32,
    num_workers=2,
    dataset=dict(type='Digits', data_root=data_root, split='train'),
    sampler=dict(type='DefaultSampler', shuffle=True),
)
val_dataloader = dict(
    batch_size=100,
    num_workers=0,
    dataset=dict(type='Digits', data_root=data_root, split='val'),
    sampler=dict(type='DefaultSampler', shuffle=False),
)
test_dataloader = dict(
    batch_size=100,
    num_workers=0,
    dataset=dict(type='Digits', data_root=data_root, split='test'),
    sampler=dict(type='DefaultSampler', shuffle=False),
)
val_evaluator = dict(type='Accuracy', topk=(1, ))
test_evaluator = val_evaluator

train_cfg = dict(by_epoch=True, max_epochs=10, val_interval=2)
val_cfg = dict()
test_cfg = dict()

optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=20),
    dict(type='MultiStepLR', by_epoch=True, milestones=[6, 9], gamma=0.1),
]
auto_scale_lr = dict(base_batch_size=32, enable=False)

default_hooks = dict(logger=dict(type='LoggerHook', interval=10))
log_processor = dict(window_size=10)
randomness = dict(seed=0)
