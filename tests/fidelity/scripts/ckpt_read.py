"""Reads a checkpoint written by the engine with torch.load(weights_only=True)
and MMEngine's load_checkpoint; prints keys, shapes, dtypes and values."""
import contextlib
import json
import sys

import torch


def describe(obj):
    if isinstance(obj, torch.Tensor):
        return {'shape': list(obj.shape), 'dtype': str(obj.dtype),
                'values': obj.double().flatten().tolist()
                if obj.dtype != torch.bool else obj.flatten().tolist(),
                'stride': list(obj.stride())}
    if isinstance(obj, dict):
        return {'__type__': type(obj).__name__,
                **{str(k): describe(v) for k, v in obj.items()}}
    if isinstance(obj, (list, tuple)):
        return [describe(v) for v in obj]
    return obj


ckpt = torch.load(sys.argv[1], weights_only=True)
out = {'ckpt': describe(ckpt)}
if len(sys.argv) > 2 and sys.argv[2] == 'linear':
    from mmengine.runner.checkpoint import load_checkpoint
    model = torch.nn.Linear(3, 2)
    with contextlib.redirect_stdout(sys.stderr):  # its 'Loads checkpoint' line
        load_checkpoint(model, sys.argv[1], strict=True)
    out['weight'] = model.weight.detach().flatten().tolist()
print(json.dumps(out))
