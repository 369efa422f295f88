"""Trains a toy model with the real MMEngine Runner and records the lr and
momentum every iteration uses; prints JSON.

argv: WORK_DIR then CONFIG DATASET_SIZE pairs; prints a list with one
{lr, momentum} per pair. The config's optim_wrapper,
param_scheduler, train_cfg, auto_scale_lr and train_dataloader.batch_size are
used; the model and data set are replaced by a toy regression.
"""
import contextlib
import json
import os
import sys
import types

import torch
from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.model import BaseModel
from mmengine.runner import Runner
from mmengine.visualization import Visualizer

# The venv has no matplotlib; the figure is never drawn here.
Visualizer._initialize_fig = lambda self, fig_cfg: (
    None, types.SimpleNamespace(get_dpi=lambda: 100), None)


class ToyModel(BaseModel):

    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(2, 1)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        x = torch.stack(inputs)
        return dict(loss=self.linear(x).pow(2).mean())


class ToyDataset(torch.utils.data.Dataset):

    def __init__(self, size):
        self.size = size

    def __len__(self):
        return self.size

    def __getitem__(self, index):
        return dict(inputs=torch.full((2, ), float(index)))


class Recorder(Hook):
    priority = 'VERY_HIGH'

    def __init__(self):
        self.lr = []
        self.momentum = []

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        group = runner.optim_wrapper.optimizer.param_groups[0]
        self.lr.append(group['lr'])
        self.momentum.append(group.get('momentum', group.get('betas', [0])[0]))


def run(config, size, work_dir):
    cfg = Config.fromfile(config)
    recorder = Recorder()
    loader = dict(
        batch_size=cfg.train_dataloader.batch_size,
        dataset=ToyDataset(size),
        sampler=dict(type='DefaultSampler', shuffle=False),
        collate_fn=dict(type='pseudo_collate'))
    with contextlib.redirect_stdout(sys.stderr):
        runner = Runner(
            model=ToyModel(),
            work_dir=work_dir,
            experiment_name=os.path.basename(config),
            train_dataloader=loader,
            train_cfg=cfg.train_cfg,
            optim_wrapper=cfg.optim_wrapper,
            param_scheduler=cfg.get('param_scheduler'),
            auto_scale_lr=cfg.get('auto_scale_lr'),
            default_hooks=dict(checkpoint=None, logger=None),
            custom_hooks=[recorder])
        runner.train()
    return dict(lr=recorder.lr, momentum=recorder.momentum)


def main():
    work_dir = sys.argv[1]
    pairs = sys.argv[2:]
    print(json.dumps([
        run(pairs[i], int(pairs[i + 1]), work_dir)
        for i in range(0, len(pairs), 2)
    ]))


if __name__ == '__main__':
    main()
