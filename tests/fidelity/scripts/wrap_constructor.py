"""Builds optimizer wrappers with MMEngine's DefaultOptimWrapperConstructor
on a fixed model for several paramwise_cfg cases; prints JSON.

The C++ test builds the same model (same module names and shapes, see
tests/optim/default_constructor_test.cpp). Per case: the optim_wrapper cfg
(tagged), and either the groups (parameter names, tagged options without
'params'), get_lr(), get_momentum() and the log records, or the error.
"""
import json
import logging

import torch
import torch.nn as nn
from mmengine.logging import MMLogger
from mmengine.optim import build_optim_wrapper

from tagged import to_tagged


class Tied(nn.Module):

    def __init__(self, weight):
        super().__init__()
        self.weight = weight


class Net(nn.Module):

    def __init__(self, shared):
        super().__init__()
        self.pos_embed = nn.Parameter(torch.zeros(1, 4))
        self.conv1 = nn.Conv2d(3, 8, 3)
        self.bn1 = nn.BatchNorm2d(8)
        self.dwconv = nn.Conv2d(8, 8, 3, groups=8)
        self.conv_nb = nn.Conv2d(8, 4, 1, bias=False)
        self.gn = nn.GroupNorm(2, 4)
        self.ln = nn.LayerNorm(4)
        self.inorm = nn.InstanceNorm1d(4, affine=True)
        self.head = nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 2))
        self.frozen = nn.Linear(2, 2)
        self.frozen.weight.requires_grad = False
        if shared:
            self.tied = Tied(self.head[0].weight)


SGD = dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4)
CASES = [
    ('plain', False, dict(optimizer=SGD)),
    ('bias', False, dict(optimizer=SGD, paramwise_cfg=dict(
        bias_lr_mult=2.0, bias_decay_mult=0.5))),
    ('norm', False, dict(optimizer=SGD, paramwise_cfg=dict(
        norm_decay_mult=0.0))),
    ('dwconv', False, dict(optimizer=SGD, paramwise_cfg=dict(
        dwconv_decay_mult=0.1))),
    ('flat', False, dict(optimizer=SGD, paramwise_cfg=dict(
        flat_decay_mult=0.3))),
    ('custom', False, dict(optimizer=SGD, paramwise_cfg=dict(custom_keys={
        'conv': dict(lr_mult=0.5),
        'conv1': dict(lr_mult=0.25, decay_mult=0.0),
        'head.1': dict(lr_mult=0.1, momentum=0.5),
        '.pos': dict(decay_mult=2.0, note='pos'),
        '.w': dict(lr=0.05)}))),
    ('all', False, dict(optimizer=SGD, clip_grad=dict(max_norm=1.0),
                        accumulative_counts=2, paramwise_cfg=dict(
        bias_lr_mult=2.0, bias_decay_mult=0.0, norm_decay_mult=0.0,
        dwconv_decay_mult=0.5, flat_decay_mult=0.25,
        custom_keys={'head': dict(lr_mult=0.1)}))),
    ('bypass', True, dict(optimizer=SGD, paramwise_cfg=dict(
        bypass_duplicate=True, bias_lr_mult=3.0))),
    ('no_wd', False, dict(optimizer=dict(type='SGD', lr=0.1),
                          paramwise_cfg=dict(bias_lr_mult=2.0,
                                             flat_decay_mult=0.5))),
    ('int_lr', False, dict(optimizer=dict(type='SGD', lr=1, weight_decay=2),
                           paramwise_cfg=dict(bias_lr_mult=2,
                                              bias_decay_mult=3))),
    ('err_no_wd', False, dict(optimizer=dict(type='SGD', lr=0.1),
                              paramwise_cfg=dict(norm_decay_mult=0.0))),
    ('err_custom_no_wd', False, dict(
        optimizer=dict(type='SGD', lr=0.1),
        paramwise_cfg=dict(custom_keys={'a': dict(decay_mult=0.0)}))),
]


class Capture(logging.Handler):

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        if record.levelno >= logging.INFO:
            self.records.append([record.levelname, record.getMessage()])


def main():
    logger = MMLogger.get_instance('wrap_constructor', log_level='DEBUG')
    logger.handlers = []
    capture = Capture()
    logger.addHandler(capture)
    logger.propagate = False
    out = []
    for name, shared, cfg in CASES:
        torch.manual_seed(0)
        model = Net(shared)
        names = {id(p): n for n, p in model.named_parameters()}
        capture.records = []
        case = {'name': name, 'shared': shared, 'cfg': to_tagged(cfg)}
        try:
            wrapper = build_optim_wrapper(model, cfg)
        except (TypeError, ValueError) as e:
            case['error'] = type(e).__name__
            case['message'] = str(e)
            out.append(case)
            continue
        groups = []
        for group in wrapper.optimizer.param_groups:
            options = {k: v for k, v in group.items() if k != 'params'}
            groups.append({'params': [names[id(p)] for p in group['params']],
                           'options': to_tagged(options)})
        case['groups'] = groups
        case['lr'] = to_tagged(wrapper.get_lr())
        case['momentum'] = to_tagged(wrapper.get_momentum())
        case['type'] = type(wrapper).__name__
        case['repr_head'] = repr(wrapper).split('optimizer:')[0]
        case['log'] = capture.records
        out.append(case)
    print(json.dumps(out))


main()
