"""Averaged models of MMEngine on a fixed update sequence; prints JSON.

Usage: model_averaged.py

For each case: Sequential(Linear(3, 4), BatchNorm1d(4), Linear(4, 2)) gets
deterministic weights (step 0), the averaged model is built from it, then
for steps 1..6 every parameter and buffer is overwritten with the step's
values and update_parameters() is called. Prints the averaged model's
state_dict (keys in order, values flattened) per case. The C++ test sets
the same values with the same formulas.
"""
import json
import sys

import torch
import torch.nn as nn

from mmengine.registry import MODELS

import mmengine.model  # noqa: F401  (registers the averaged models)

CASES = [
    dict(type='ExponentialMovingAverage', momentum=0.1),
    dict(type='ExponentialMovingAverage', momentum=0.3, interval=2,
         update_buffers=True),
    dict(type='MomentumAnnealingEMA', momentum=0.01, gamma=3),
    dict(type='MomentumAnnealingEMA', momentum=0.2, gamma=1, interval=3),
    dict(type='StochasticWeightAverage', interval=2),
    dict(type='StochasticWeightAverage', update_buffers=True),
]


def set_step(model, step):
    with torch.no_grad():
        tensors = list(model.named_parameters()) + list(model.named_buffers())
        for idx, (name, t) in enumerate(tensors):
            if t.dtype.is_floating_point:
                values = torch.sin(
                    torch.arange(t.numel(), dtype=torch.float32) * 0.37 +
                    step * 0.11 + idx)
                t.copy_(values.reshape(t.shape))
            else:
                t.fill_(step)


def main():
    out = []
    for cfg in CASES:
        model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4),
                              nn.Linear(4, 2))
        set_step(model, 0)
        ema = MODELS.build(dict(cfg), default_args=dict(model=model))
        for step in range(1, 7):
            set_step(model, step)
            ema.update_parameters(model)
        state = ema.state_dict()
        out.append(
            dict(
                cfg=cfg,
                keys=list(state.keys()),
                values={
                    k: v.double().flatten().tolist()
                    for k, v in state.items()
                }))
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
