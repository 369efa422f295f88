"""Runs MMEngine's BaseModule.init_weights on a fixed toy net; prints JSON.

argv[1] is a scratch folder: the script writes the `Pretrained` checkpoint
there (torch.save of {'state_dict': dict, 'meta': {...}}; the C++ reader
does not take OrderedDict yet) so the C++ test loads the very same file. torch.manual_seed(0) right before
init_weights, so random initialisers draw the same numbers in both.
"""
import json
import os
import sys

import torch
import torch.nn as nn
from mmengine.logging import MMLogger
from mmengine.model import BaseModule


class Neck(BaseModule):

    def __init__(self):
        super().__init__(init_cfg=[
            dict(type='Kaiming', layer='Conv2d', mode='fan_in',
                 distribution='uniform', bias=0.5),
            dict(type='Caffe2Xavier', layer='Linear'),
            dict(type='Uniform', layer='Conv1d', a=-1, b=1),
        ])
        self.conv = nn.Conv2d(4, 4, 1)
        self.fc = nn.Linear(4, 4)
        self.conv1d = nn.Conv1d(2, 2, 1)


class ToyNet(BaseModule):

    def __init__(self, ckpt):
        super().__init__(init_cfg=[
            dict(type='Normal', std=0.01, layer='Conv2d'),
            dict(type='Xavier', layer='Linear', override=[
                dict(name='head', type='Constant', val=3),
                dict(name='cls', type='Constant', val=0.5, bias_prob=0.01),
                dict(name='fc2'),
            ]),
            dict(type='TruncNormal', layer='_BatchNorm', std=0.5, a=-0.4,
                 b=0.4),
            dict(type='Pretrained', checkpoint=ckpt, prefix='backbone'),
        ])
        self.conv = nn.Conv2d(3, 4, 3)
        self.neck = Neck()
        self.fc = nn.Linear(4, 5)
        self.fc2 = nn.Linear(5, 5)
        self.head = nn.Linear(5, 2)
        self.cls = nn.Linear(5, 3)
        self.bn = nn.BatchNorm2d(4)
        self.bn1 = nn.BatchNorm1d(3)


def main():
    work = sys.argv[1]
    ckpt = os.path.join(work, 'pretrained.pth')
    state = dict([
        ('backbone.bn.weight', torch.tensor([1.0, 2.0, 3.0, 4.0])),
        ('backbone.bn.bias', torch.tensor([0.5, 0.25, 0.125, 0.0])),
        ('backbone.bn.running_mean', torch.tensor([0.1, 0.2, 0.3, 0.4])),
        ('head.weight', torch.zeros(2, 5)),
    ])
    torch.save({'state_dict': state, 'meta': {'epoch': 3}}, ckpt)
    log_file = os.path.join(work, 'init.log')
    stdout, sys.stdout = sys.stdout, sys.stderr
    MMLogger.get_instance('init_fidelity', log_file=log_file)
    sys.stdout = stdout
    model = ToyNet(ckpt)
    torch.manual_seed(0)
    stdout, sys.stdout = sys.stdout, sys.stderr  # the logger's console
    model.init_weights()
    sys.stdout = stdout
    for handler in MMLogger.get_current_instance().handlers:
        handler.flush()
    with open(log_file) as f:
        text = f.read()
    report = text[text.index('Name of parameter'):]
    params = {name: p.detach().flatten().tolist()
              for name, p in model.named_parameters()}
    buffers = {name: b.detach().flatten().tolist()
               for name, b in model.named_buffers()
               if 'num_batches' not in name}
    print(json.dumps(dict(report=report, params=params, buffers=buffers)))


main()
