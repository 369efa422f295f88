"""MMEngine's Sequential/ModuleList/ModuleDict with init_cfg; prints JSON.

argv[1] is a scratch folder for the log file the init report is read from.
Every initialiser is a Constant, so the C++ test can compare values exactly.
Prints the report and each parameter (flattened) of the nested containers.
"""
import json
import os
import sys

import torch.nn as nn
from mmengine.logging import MMLogger
from mmengine.model import BaseModule, ModuleDict, ModuleList, Sequential


class Sub(BaseModule):

    def __init__(self):
        super().__init__(init_cfg=dict(type='Constant', val=2, layer='Linear'))
        self.fc = nn.Linear(2, 2)


def build():
    return Sequential(
        nn.Linear(2, 2),
        ModuleList([nn.Linear(2, 2), Sub()],
                   init_cfg=dict(type='Constant', val=3, bias=0.25,
                                 layer='Linear')),
        ModuleDict(dict(a=nn.Linear(2, 2), b=Sub(), c=nn.Conv2d(1, 1, 1))),
        init_cfg=dict(type='Constant', val=1, bias=0.5,
                      layer=['Linear', 'Sequential']))


def main():
    log_file = os.path.join(sys.argv[1], 'init.log')
    stdout, sys.stdout = sys.stdout, sys.stderr  # the logger's console
    MMLogger.get_instance('containers_fidelity', log_file=log_file)
    model = build()
    model.init_weights()
    sys.stdout = stdout
    for handler in MMLogger.get_current_instance().handlers:
        handler.flush()
    with open(log_file) as f:
        text = f.read()
    report = text[text.index('Name of parameter'):]
    params = {name: p.detach().flatten().tolist()
              for name, p in model.named_parameters()}
    print(json.dumps(dict(report=report, params=params,
                          names=list(params))))


main()
