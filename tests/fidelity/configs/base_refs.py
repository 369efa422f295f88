_base_ = ['./_base_/vars.py', './_base_/model.py']
depth = {{_base_.depth}}
backbone_copy = {{ _base_.model.backbone }}
in_list = [{{_base_.depth}}, {{_base_.scale}}]
nested = dict(d={{_base_.depth}}, t=({{_base_.channels}}, 1))
