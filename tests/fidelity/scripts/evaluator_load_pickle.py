"""Loads a `.pkl` results dump with plain `pickle.load` (as
`mmengine.load` does) and prints it as JSON, tensors as
{"dtype": ..., "shape": ..., "values": tolist()}.
"""
import json
import sys

import torch
from mmengine.fileio import load


def plain(x):
    if isinstance(x, torch.Tensor):
        return dict(dtype=str(x.dtype).replace('torch.', ''),
                    shape=list(x.shape), values=x.tolist())
    if isinstance(x, dict):
        assert type(x) is dict, type(x)
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    return x


results = load(sys.argv[1])
assert isinstance(results, list), type(results)
print(json.dumps(dict(type=type(results).__name__, results=plain(results))))
