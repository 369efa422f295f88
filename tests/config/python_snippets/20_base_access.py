# base: dict(model=dict(type='Net', backbone=dict(depth=50, stages=(1, 2, 3)), head=dict(num_classes=10)), optim=dict(lr=0.1), data_root='data/')
_base_ = ['./base.py']
model = _base_.model
depth = _base_.model.backbone.depth + 1
stages = _base_['model']['backbone']['stages']
root = _base_.data_root + 'coco/'
lr = _base_.optim.lr * 2
num = _base_.model.head.get('num_classes')
keys = list(_base_.model.keys())
