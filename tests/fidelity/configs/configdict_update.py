_base_ = './_base_/model.py'
m = _base_.model.copy()
m.update(dict(backbone=dict(depth=18), extra=1))
n = dict(_base_.model.neck)
n.update(type='Replaced')
got = _base_.model.get('missing', 'default')
