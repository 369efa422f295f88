# LeNet-5 on MNIST (OpenMMLab's classic lenet5_mnist recipe). Put the four
# IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte,
# t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte) in data/mnist; nothing is
# downloaded.  mmengine train configs/mnist/lenet_mnist.py
model = dict(
    type='ImageClassifier',
    # MNIST's pixel mean and std (0..255).
    data_preprocessor=dict(
        type='ImgDataPreprocessor', mean=[33.46], std=[78.87]),
    # 28x28 inputs: conv1 pads by 2, as LeNet-5 on 32x32.
    backbone=dict(type='LeNet', in_channels=1, num_classes=10, input_size=28),
    head=dict(
        type='ClsHead', loss=dict(type='CrossEntropyLoss', loss_weight=1.0)),
)

dataset_type = 'MNIST'
data_root = 'data/mnist'
train_dataloader = dict(
    batch_size=128,
    num_workers=2,
    dataset=dict(type=dataset_type, data_root=data_root, split='train'),
    sampler=dict(type='DefaultSampler', shuffle=True),
)
val_dataloader = dict(
    batch_size=128,
    num_workers=2,
    dataset=dict(type=dataset_type, data_root=data_root, split='test'),
    sampler=dict(type='DefaultSampler', shuffle=False),
)
test_dataloader = val_dataloader
val_evaluator = dict(type='Accuracy', topk=(1, ))
test_evaluator = val_evaluator

train_cfg = dict(by_epoch=True, max_epochs=5, val_interval=1)
val_cfg = dict()
test_cfg = dict()

optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=0.0001))
param_scheduler = dict(type='MultiStepLR', by_epoch=True, milestones=[15],
                       gamma=0.1)
auto_scale_lr = dict(base_batch_size=128, enable=False)

default_scope = 'mmengine'
default_hooks = dict(
    runtime_info=dict(type='RuntimeInfoHook'),
    timer=dict(type='IterTimerHook'),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    logger=dict(type='LoggerHook', interval=150),
    param_scheduler=dict(type='ParamSchedulerHook'),
)
env_cfg = dict(cudnn_benchmark=False, dist_cfg=dict(backend='nccl'))
log_processor = dict(window_size=10, by_epoch=True)
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=0)
