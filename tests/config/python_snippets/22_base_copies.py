# base: dict(pipeline=[dict(type='Load'), dict(type='Resize', scale=(1, 2))], data=dict(train=dict(ann='a')))
import copy
pipeline = copy.deepcopy(_base_.pipeline)
pipeline[1]['scale'] = (3, 4)
data = _base_.data
val = copy.deepcopy(data.train)
val.ann = 'b'
lst = [1]
data.extra = lst
lst.append(2)
data.train.pipeline = pipeline
