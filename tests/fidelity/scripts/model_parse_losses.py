"""Runs MMEngine's BaseModel.parse_losses on fixed loss dicts; prints JSON.

Each case lists its entries as {name, kind, data, shape} so the C++ test
rebuilds the same inputs; results are {loss, log_vars} or {error, message}.
"""
import json

import torch
from mmengine.model import BaseModel


def t(values, shape):
    return torch.tensor(values, dtype=torch.float32).reshape(shape)


CASES = [
    [('loss_cls', 'tensor', [1.5, 2.0, 3.25, 4.0], [2, 2]),
     ('loss_bbox', 'tensor', [0.1, 0.2, 0.3], [3]),
     ('acc', 'tensor', [0.75], [])],
    [('loss_mask', 'list', [([1.0, 3.0], [2]), ([2.0, 4.0, 6.0], [3])], None),
     ('loss_x', 'tensor', [5.0], [1])],
    [('loss', 'tensor', [2.0, 4.0], [2]),
     ('aux_loss', 'tensor', [1.0], [])],
    [('acc', 'tensor', [0.5, 1.0], [2]), ('top5', 'tensor', [0.9], [])],
    [('loss_empty', 'list', [], None), ('loss_a', 'tensor', [1.0], [])],
    [('myloss_x', 'tensor', [1.0, 2.0], [2]), ('Loss', 'tensor', [7.0], []),
     ('loss_b', 'tensor', [0.5], [])],
    [('loss_cls', 'tensor', [1.0], []), ('lr', 'float', 0.1, None)],
    [('loss_cls', 'tensor', [1.0], []), ('name', 'str', 'abc', None)],
]


def build(kind, data, shape):
    if kind == 'tensor':
        return t(data, shape)
    if kind == 'list':
        return [t(v, s) for v, s in data]
    return data


def entry_json(name, kind, data, shape):
    return {'name': name, 'kind': kind, 'data': data, 'shape': shape}


def main():
    out = []
    for case in CASES:
        losses = {name: build(kind, data, shape)
                  for name, kind, data, shape in case}
        result = {'losses': [entry_json(*e) for e in case]}
        try:
            loss, log_vars = BaseModel.parse_losses(None, losses)
            result['loss'] = float(loss)
            result['log_vars'] = [[k, float(v)] for k, v in log_vars.items()]
        except TypeError as e:
            result['error'] = 'TypeError'
            result['message'] = str(e)
        out.append(result)
    print(json.dumps(out))


main()
