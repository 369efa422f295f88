"""Replays parameter schedules with the real MMEngine; prints JSON.

argv[1] is a JSON list of cases. Each case builds a torch optimizer
({"type": "SGD"|"Adam", ...} plus per-group overrides), builds the
schedulers as Runner._build_param_scheduler does (default `end` from the
train loop when "train_length" is given; optimizer and epoch_length as
default args) and steps them the ParamSchedulerHook way. The result holds
the recorded value of every group per iteration, the final group options
and the schedulers' state dicts, or {error, message}.
"""
import copy
import json
import sys

import torch
from mmengine.optim.scheduler import _ParamScheduler  # noqa: F401
from mmengine.registry import PARAM_SCHEDULERS

GROUP_KEYS = ('lr', 'momentum', 'betas', 'initial_lr', 'initial_momentum',
              'max_lr', 'min_lr', 'weight_decay', 'initial_weight_decay')


def make_optimizer(spec, groups):
    spec = dict(spec)
    kind = spec.pop('type')
    if 'betas' in spec:
        spec['betas'] = tuple(spec['betas'])
    param_groups = []
    for override in groups or [{}]:
        group = dict(override)
        group['params'] = [torch.nn.Parameter(torch.zeros(2))]
        param_groups.append(group)
    return getattr(torch.optim, kind)(param_groups, **spec)


def build(cfg, optimizer, epoch_length, train_length):
    items = cfg if isinstance(cfg, (list, tuple)) else [cfg]
    schedulers = []
    for item in items:
        item = copy.deepcopy(item)
        if train_length is not None:
            by_epoch = item.get('by_epoch', True)
            item.setdefault(
                'end', train_length['max_epochs']
                if by_epoch else train_length['max_iters'])
        default_args = dict(optimizer=optimizer)
        if epoch_length > 0:
            default_args['epoch_length'] = epoch_length
        schedulers.append(PARAM_SCHEDULERS.build(item, default_args=default_args))
    return schedulers


def simulate(schedulers, optimizer, param, run):
    values = []

    def record():
        values.append([g[param] for g in optimizer.param_groups])

    def step_all(by_epoch):
        for s in schedulers:
            if s.by_epoch == by_epoch:
                s.step()

    if not run.get('by_epoch', True):
        for _ in range(run['max_iters']):
            record()
            step_all(False)
        return values
    metrics = run.get('val_metrics', [])
    for epoch in range(run['max_epochs']):
        for _ in range(run['epoch_length']):
            record()
            step_all(False)
        step_all(True)
        if epoch < len(metrics):
            for s in schedulers:
                if s.by_epoch and getattr(s, 'need_val_args', False):
                    s.step(metrics[epoch])
    return values


def plain(value):
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return repr(value)


def run_case(case):
    optimizer = make_optimizer(case['optimizer'], case.get('groups'))
    run = case['run']
    schedulers = build(case['schedulers'], optimizer,
                       case.get('epoch_length', run.get('epoch_length', 0)),
                       case.get('train_length'))
    values = simulate(schedulers, optimizer, case['param'], run)
    groups = [{k: plain(g[k]) for k in GROUP_KEYS if k in g}
              for g in optimizer.param_groups]
    states = []
    for s in schedulers:
        state = s.state_dict()
        state.pop('anneal_func', None)
        states.append(plain(state))
    return dict(values=values, groups=groups, states=states)


def main():
    cases = json.loads(sys.argv[1])
    out = []
    for case in cases:
        try:
            out.append(run_case(case))
        except Exception as e:  # noqa: BLE001 - errors are compared
            out.append(dict(error=type(e).__name__, message=str(e)))
    print(json.dumps(out))


if __name__ == '__main__':
    main()
