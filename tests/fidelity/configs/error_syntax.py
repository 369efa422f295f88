model = dict(type='ResNet',
lr = 0.1
