# The default job (`make train`): LeNet-5 on the embedded 8x8 handwritten
# digits (data/digits: 1199 train / 299 val / 299 test images), upsampled
# to 32x32 when loaded. Validates every epoch; runs in seconds on a CPU:
#   mmengine train configs/digits/lenet_digits.py
data_root = '{{fileDirname}}/../../data/digits'

model = dict(
    type='ImageClassifier',
    # Pixels are 0..16: the mean and std of the upsampled train set.
    data_preprocessor=dict(
        type='ImgDataPreprocessor', mean=[4.8826], std=[5.1759]),
    backbone=dict(type='LeNet', in_channels=1, num_classes=10, input_size=32),
    head=dict(
        type='ClsHead', loss=dict(type='CrossEntropyLoss', loss_weight=1.0)),
)

dataset_type = 'Digits'
train_dataloader = dict(
    batch_size=32,
    num_workers=2,
    dataset=dict(
        type=dataset_type, data_root=data_root, split='train', img_size=32),
    sampler=dict(type='DefaultSampler', shuffle=True),
)
val_dataloader = dict(
    batch_size=100,
    num_workers=0,
    dataset=dict(
        type=dataset_type, data_root=data_root, split='val', img_size=32),
    sampler=dict(type='DefaultSampler', shuffle=False),
)
test_dataloader = dict(
    batch_size=100,
    num_workers=0,
    dataset=dict(
        type=dataset_type, data_root=data_root, split='test', img_size=32),
    sampler=dict(type='DefaultSampler', shuffle=False),
)
val_evaluator = dict(type='Accuracy', topk=(1, ))
test_evaluator = val_evaluator

train_cfg = dict(by_epoch=True, max_epochs=12, val_interval=1)
val_cfg = dict()
test_cfg = dict()

optim_wrapper = dict(type='OptimWrapper', optimizer=dict(type='Adam', lr=0.002))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=38),
    dict(type='MultiStepLR', by_epoch=True, milestones=[8, 11], gamma=0.1),
]
auto_scale_lr = dict(base_batch_size=32, enable=False)

default_scope = 'mmengine'
default_hooks = dict(
    runtime_info=dict(type='RuntimeInfoHook'),
    timer=dict(type='IterTimerHook'),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    logger=dict(type='LoggerHook', interval=10),
    param_scheduler=dict(type='ParamSchedulerHook'),
)
env_cfg = dict(cudnn_benchmark=False, dist_cfg=dict(backend='nccl'))
log_processor = dict(window_size=10, by_epoch=True)
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=0)
