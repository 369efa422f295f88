"""Times torch.optim's step on given shapes; prints seconds per step.

usage: optimizer_step_ref.py sgd|adamw STEPS THREADS FOREACH SHAPES_JSON
FOREACH is 1 (multi-tensor), 0 (single-tensor) or none (PyTorch's choice).
"""
import json
import sys
import time

import torch

which, steps, threads, foreach = sys.argv[1], int(sys.argv[2]), int(
    sys.argv[3]), {'1': True, '0': False, 'none': None}[sys.argv[4]]
torch.set_num_threads(threads)
torch.manual_seed(0)
params = []
for shape in json.loads(sys.argv[5]):
    p = torch.randn(shape).requires_grad_()
    p.grad = torch.randn(shape) * 1e-3
    params.append(p)
if which == 'sgd':
    opt = torch.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=1e-4,
                          foreach=foreach)
else:
    opt = torch.optim.AdamW(params, foreach=foreach)
for _ in range(3):
    opt.step()
start = time.perf_counter()
for _ in range(steps):
    opt.step()
print(f'{(time.perf_counter() - start) / steps:.9f}')
