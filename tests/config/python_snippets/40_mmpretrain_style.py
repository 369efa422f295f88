model = dict(
    type='ImageClassifier',
    backbone=dict(type='VisionTransformer', arch='b', img_size=224, patch_size=16, drop_rate=0.1,
                  init_cfg=[dict(type='Kaiming', layer='Conv2d', mode='fan_in', nonlinearity='linear')]),
    neck=None,
    head=dict(type='VisionTransformerClsHead', num_classes=1000, in_channels=768,
              loss=dict(type='LabelSmoothLoss', label_smooth_val=0.1, mode='classy_vision')),
    train_cfg=dict(augments=[dict(type='Mixup', alpha=0.8), dict(type='CutMix', alpha=1.0)]),
)
bgr_mean = [103.53, 116.28, 123.675]
bgr_std = [57.375, 57.12, 58.395]
train_pipeline = [
    dict(type='RandAugment', policies='timm_increasing', num_policies=2, total_level=10, magnitude_level=9,
         magnitude_std=0.5, hparams=dict(pad_val=[round(x) for x in bgr_mean], interpolation='bicubic')),
    dict(type='RandomErasing', erase_prob=0.25, mode='rand', min_area_ratio=0.02, max_area_ratio=1 / 3,
         fill_color=bgr_mean, fill_std=bgr_std),
]
optim_wrapper = dict(optimizer=dict(type='AdamW', lr=5e-4 * 4096 / 512, weight_decay=0.3),
                     paramwise_cfg=dict(custom_keys={'.cls_token': dict(decay_mult=0.0), '.pos_embed': dict(decay_mult=0.0)}),
                     clip_grad=dict(max_norm=1.0))
auto_scale_lr = dict(base_batch_size=4096)
