# base: dict(model=dict(type='Net', backbone=dict(depth=50, norm=dict(type='BN')), neck=None), train_cfg=dict(max_epochs=12, val_interval=1))
model = _base_.model
model.backbone.depth = 101
model.update(backbone=dict(norm=dict(type='SyncBN')), neck=dict(type='FPN'))
train_cfg = _base_.train_cfg
train_cfg.max_epochs = 24
plain = dict(a=dict(b=1, c=2))
plain.update(a=dict(b=5))
items = _base_.train_cfg.items()
values = _base_.train_cfg.values()
popped = _base_.train_cfg.pop('missing')
