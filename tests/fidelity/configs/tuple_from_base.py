_base_ = './_base_/vars.py'
w, h = _base_.scale
first, second, *others = _base_.channels
if _base_.depth > 10:
    kind = 'deep'
else:
    kind = 'shallow'
