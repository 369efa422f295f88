_base_ = ['./_base_/model.py', './_base_/vars.py']
bb = _base_.model.backbone
bb.depth = 152
pipe = _base_.pipeline
pipe[1]['scale'] = (640, 640)
model = dict(neck=dict(type='Other'))
