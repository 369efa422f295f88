"""Runs a toy job with the real MMEngine Runner; prints JSON.

Usage: runner_toy.py CONFIG WORK_DIR MODE   (MODE: train | val | test)

Registers ToyModel, ToyDataset, ToyMetric and RecordHook (the C++ test
registers equivalents), runs MODE, and prints the RecordHook calls, the
hook table, the log file's lines and the scalars.json lines.
"""
import glob
import json
import os
import sys

import torch
import torch.nn as nn

from mmengine.config import Config
from mmengine.evaluator import BaseMetric
from mmengine.hooks import Hook
from mmengine.model import BaseModel
from mmengine.registry import DATASETS, HOOKS, METRICS, MODELS
from mmengine.runner import Runner
from mmengine.visualization import Visualizer
from torch.utils.data import Dataset

# The Visualizer's figure needs matplotlib, which mmengine-lite does not
# install; scalars and configs (all the toy job writes) do not use it.
class _NoFigure:

    def get_dpi(self):
        return 100


Visualizer._initialize_fig = lambda self, cfg: (None, _NoFigure(), None)

# MMEngine's logs go to stdout; this script's stdout is the JSON.
_stdout = sys.stdout
sys.stdout = sys.stderr


@MODELS.register_module()
class ToyModel(BaseModel):

    def __init__(self, data_preprocessor=None):
        super().__init__(data_preprocessor=data_preprocessor)
        self.linear1 = nn.Linear(2, 2)
        self.linear2 = nn.Linear(2, 1)
        with torch.no_grad():
            self.linear1.weight.copy_(torch.tensor([[0.1, -0.2], [0.3, 0.4]]))
            self.linear1.bias.fill_(0.05)
            self.linear2.weight.copy_(torch.tensor([[0.5, -0.6]]))
            self.linear2.bias.fill_(0.0)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        if isinstance(inputs, list):
            inputs = torch.stack(inputs)
        outputs = self.linear2(self.linear1(inputs)).squeeze(1)
        if mode == 'loss':
            labels = torch.stack(data_samples)
            return dict(loss=((outputs - labels)**2).mean())
        return outputs


@DATASETS.register_module()
class ToyDataset(Dataset):
    METAINFO = dict()

    def __init__(self):
        self.data = torch.arange(24, dtype=torch.float32).reshape(12, 2) / 24
        self.label = self.data.sum(1) * 0.5

    @property
    def metainfo(self):
        return self.METAINFO

    def __len__(self):
        return 12

    def __getitem__(self, index):
        return dict(inputs=self.data[index], data_samples=self.label[index])


@METRICS.register_module()
class ToyMetric(BaseMetric):

    def process(self, data_batch, predictions):
        labels = torch.stack(data_batch['data_samples'])
        preds = torch.stack(list(predictions))
        for p, y in zip(preds.tolist(), labels.tolist()):
            self.results.append((p - y)**2)

    def compute_metrics(self, results):
        return dict(mse=sum(results) / len(results))


@HOOKS.register_module()
class RecordHook(Hook):
    calls = []

    def _rec(self, runner, stage, batch_idx=None, extra=None):
        built = runner._train_loop is not None and not isinstance(
            runner._train_loop, dict)
        entry = [stage, runner.epoch if built else None,
                 runner.iter if built else None, batch_idx]
        if extra is not None:
            entry.append(extra)
        RecordHook.calls.append(entry)


def _make(stage, kind):
    if kind == 'plain':
        return lambda self, runner: self._rec(runner, stage)
    if kind == 'iter':
        return lambda self, runner, batch_idx, data_batch=None, outputs=None: \
            self._rec(runner, stage, batch_idx)
    if kind == 'metrics':
        return lambda self, runner, metrics=None: self._rec(
            runner, stage, None, sorted(metrics or {}))
    return lambda self, runner, checkpoint: self._rec(runner, stage)


for _stage in Hook.stages:
    if _stage.endswith('_iter'):
        _kind = 'iter'
    elif _stage in ('after_val_epoch', 'after_test_epoch'):
        _kind = 'metrics'
    elif _stage.endswith('checkpoint'):
        _kind = 'checkpoint'
    else:
        _kind = 'plain'
    setattr(RecordHook, _stage, _make(_stage, _kind))


def main():
    config, work_dir, mode = sys.argv[1:4]
    cfg = Config.fromfile(config)
    cfg.work_dir = work_dir
    runner = Runner.from_cfg(cfg)
    hooks_info = runner.get_hooks_info()
    getattr(runner, mode)()
    log_dir = runner.log_dir
    logging_handlers = runner.logger.handlers
    for h in logging_handlers:
        h.flush()
    with open(os.path.join(log_dir, f'{runner.timestamp}.log')) as f:
        log_lines = f.read().splitlines()
    scalars = []
    path = os.path.join(log_dir, 'vis_data', 'scalars.json')
    if os.path.exists(path):
        with open(path) as f:
            scalars = [json.loads(line) for line in f if line.strip()]
    test_json = sorted(glob.glob(os.path.join(log_dir, '*.json')))
    test_metrics = None
    if test_json:
        with open(test_json[0]) as f:
            test_metrics = json.load(f)
    json.dump(
        dict(
            calls=RecordHook.calls,
            hooks_info=hooks_info,
            log_lines=log_lines,
            scalars=scalars,
            test_metrics=test_metrics,
            dumped_config=sorted(os.listdir(work_dir))), _stdout)


if __name__ == '__main__':
    main()
