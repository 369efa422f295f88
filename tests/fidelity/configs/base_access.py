_base_ = ['./_base_/vars.py', './_base_/model.py']
depth2 = _base_.depth * 2
ch = _base_.channels[-1]
bb = _base_.model.backbone
head_classes = _base_['model']['head']['num_classes'] + 1
scale_w = _base_.scale[0]
pipe = [*_base_.pipeline, dict(type='Pack')]
n_stages = len(_base_.channels)
