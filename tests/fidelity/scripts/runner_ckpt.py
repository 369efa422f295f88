"""Checkpoints of the toy job with the real MMEngine; prints JSON.

Usage:
  runner_ckpt.py train CONFIG WORK_DIR
      trains, then reports the files left in WORK_DIR, last_checkpoint,
      the checkpoint log lines and what each saved checkpoint holds.
  runner_ckpt.py resume CONFIG WORK_DIR CHECKPOINT
      Runner.resume(CHECKPOINT) (written by either engine) and reports the
      restored state.

The toy classes come from runner_toy.py. torch >= 2.6 refuses
MMEngine's own checkpoints (HistoryBuffer objects) with weights_only=True,
so this script loads them the way MMEngine 0.10.4 was written for.
"""
import json
import os
import re
import sys

os.environ['TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD'] = '1'
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import runner_toy  # noqa: E402  (registers the toy classes)
import torch  # noqa: E402
from mmengine.config import Config  # noqa: E402
from mmengine.logging import HistoryBuffer  # noqa: E402
from mmengine.runner import Runner  # noqa: E402

_stdout = runner_toy._stdout


def describe(path):
    ckpt = torch.load(path, map_location='cpu')
    hub = ckpt['message_hub']
    return dict(
        keys=list(ckpt.keys()),
        meta_keys=list(ckpt['meta'].keys()),
        epoch=ckpt['meta']['epoch'],
        iter=ckpt['meta']['iter'],
        hub_scalars=sorted(hub['log_scalars'].keys()),
        hub_info=sorted(hub['runtime_info'].keys()),
        scheduler_count=len(ckpt.get('param_schedulers', [])))


def train(config, work_dir):
    cfg = Config.fromfile(config)
    cfg.work_dir = work_dir
    runner = Runner.from_cfg(cfg)
    hooks_info = runner.get_hooks_info()
    runner.train()
    for h in runner.logger.handlers:
        h.flush()
    with open(os.path.join(runner.log_dir, f'{runner.timestamp}.log')) as f:
        lines = f.read().splitlines()
    last = None
    path = os.path.join(work_dir, 'last_checkpoint')
    if os.path.exists(path):
        with open(path) as f:
            last = f.read()
    files = sorted(
        re.sub(r'\d{8}_\d{6}', 'TS', name) for name in os.listdir(work_dir))
    ckpts = {
        name: describe(os.path.join(work_dir, name))
        for name in sorted(os.listdir(work_dir)) if name.endswith('.pth')
    }
    return dict(
        files=files,
        hooks_info=hooks_info,
        last_checkpoint=last,
        work_dir=runner.work_dir,
        log_lines=lines,
        checkpoints=ckpts)


def resume(config, work_dir, checkpoint):
    cfg = Config.fromfile(config)
    cfg.work_dir = work_dir
    runner = Runner.from_cfg(cfg)
    runner.resume(checkpoint)
    hub = runner.message_hub
    scalars = {}
    for key, buf in hub.log_scalars.items():
        assert isinstance(buf, HistoryBuffer), key
        logs, counts = buf.data
        scalars[key] = dict(
            logs=[float(x) for x in logs],
            counts=[int(x) for x in counts],
            mean=float(buf.mean()))
    info = {
        k: v
        for k, v in hub.runtime_info.items()
        if k in ('epoch', 'iter', 'max_epochs', 'max_iters', 'seed',
                 'keep_ckpt_ids', 'best_score', 'best_score_mse')
    }
    optimizer = runner.optim_wrapper.optimizer
    momentum = [
        optimizer.state[p]['momentum_buffer'].flatten().tolist()
        for g in optimizer.param_groups for p in g['params']
        if p in optimizer.state
    ]
    return dict(
        epoch=runner.epoch,
        iter=runner.iter,
        weights={
            k: v.flatten().tolist()
            for k, v in runner.model.state_dict().items()
        },
        lr=[g['lr'] for g in optimizer.param_groups],
        momentum=momentum,
        schedulers=[
            dict(last_step=s.last_step, base_values=s.base_values)
            for s in runner.param_schedulers
        ],
        scalars=scalars,
        info=info)


def main():
    mode = sys.argv[1]
    if mode == 'train':
        out = train(*sys.argv[2:4])
    else:
        out = resume(*sys.argv[2:5])
    json.dump(out, _stdout)


if __name__ == '__main__':
    main()
