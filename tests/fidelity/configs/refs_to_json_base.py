_base_ = ['./_base_/data.json']
scale = {{_base_.img_scale}}
metric = {{_base_.val_evaluator.metric}}
ratio2 = _base_.ratio * 2
