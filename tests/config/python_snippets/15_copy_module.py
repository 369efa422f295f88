import copy
train = dict(type='Dataset', pipeline=[dict(type='Load')], ann='train.json')
val = copy.deepcopy(train)
val['ann'] = 'val.json'
val['pipeline'].append(dict(type='Test'))
shallow = copy.copy(train)
shallow['pipeline'].append(dict(type='Shared'))
shallow['ann'] = 'shallow.json'
from copy import deepcopy
test = deepcopy(val)
test.update(ann='test.json')
shared = [1]
pair = [shared, shared]
pair_copy = copy.deepcopy(pair)
pair_copy[0].append(2)
