"""Trains a tiny model with MMEngine's OptimWrapper (gradient accumulation
with a remainder, clipping by norm or value); prints JSON.

Weights and inputs come from torch.linspace so that the C++ test rebuilds
them exactly; the initial weights are printed too. Per case and iteration:
the scaled loss, whether the optimizer stepped, the grad norm MMEngine
recorded in the MessageHub, and the parameters afterwards.
"""
import json
import logging

import torch
import torch.nn as nn
from mmengine.logging import MessageHub, MMLogger
from mmengine.optim import OptimWrapper

from tagged import to_tagged

CASES = [
    dict(name='acc3_norm', accumulative_counts=3, max_iters=7,
         clip_grad=dict(max_norm=0.5), momentum=0.9),
    dict(name='acc2_value', accumulative_counts=2, max_iters=5,
         clip_grad=dict(type='value', clip_value=0.05), momentum=0.0),
    dict(name='acc1_inf_norm', accumulative_counts=1, max_iters=3,
         clip_grad=dict(max_norm=0.2, norm_type='inf'), momentum=0.5),
    dict(name='acc4_resume', accumulative_counts=4, max_iters=10,
         init_counts=2, clip_grad=dict(max_norm=0.3, norm_type=1),
         momentum=0.9),
]


def make_model():
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    with torch.no_grad():
        model[0].weight.copy_(torch.linspace(-0.6, 0.7, 12).reshape(4, 3))
        model[0].bias.copy_(torch.linspace(-0.1, 0.2, 4))
        model[2].weight.copy_(torch.linspace(0.9, -0.4, 4).reshape(1, 4))
        model[2].bias.copy_(torch.tensor([0.05]))
    return model


def flat(model):
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()])


class Capture(logging.Handler):

    def __init__(self):
        super().__init__(level=logging.INFO)
        self.records = []

    def emit(self, record):
        self.records.append([record.levelname, record.getMessage()])


def main():
    logger = MMLogger.get_instance('wrap_accumulate')
    logger.handlers = []
    capture = Capture()
    logger.addHandler(capture)
    logger.propagate = False
    hub = MessageHub.get_instance('wrap_accumulate')
    inputs = torch.linspace(-2, 2, 60).reshape(10, 2, 3)
    targets = torch.linspace(1, -1, 20).reshape(10, 2, 1)
    out = []
    for case in CASES:
        model = make_model()
        capture.records = []
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1,
                                    momentum=case['momentum'])
        wrapper = OptimWrapper(optimizer,
                               accumulative_counts=case['accumulative_counts'],
                               clip_grad=dict(case['clip_grad']))
        init = case.get('init_counts', 0)
        wrapper.initialize_count_status(model, init, case['max_iters'])
        result = dict(case, init=flat(model).tolist(), iters=[],
                      clip_grad=to_tagged(case['clip_grad']))
        for i in range(init, case['max_iters']):
            loss = ((model(inputs[i]) - targets[i])**2).mean()
            scaled = float(wrapper.scale_loss(loss.detach()))
            hub.update_scalar('train/grad_norm', -1.0)
            wrapper.update_params(loss)
            stepped = wrapper.inner_count % case['accumulative_counts'] == 0 \
                or wrapper.inner_count == case['max_iters']
            norm = hub.get_scalar('train/grad_norm').current()
            result['iters'].append(dict(
                scaled_loss=scaled, stepped=stepped,
                grad_norm=None if norm == -1.0 else norm,
                params=flat(model).tolist()))
        result['log'] = capture.records
        result['state_keys'] = list(wrapper.state_dict().keys())
        out.append(result)
    print(json.dumps(out))


main()
