"""torch.save + torch.load of a ResNet-50 checkpoint with SGD-momentum state.
Prints "<save seconds> <load seconds> <bytes> <durable save seconds>" (best
of N); the durable save is torch.save into a file that is then flushed and
fsynced, the durability our save gives."""
import os
import sys
import time

import torch
import torchvision

path = os.path.join(sys.argv[1], 'r50_py.pth')
n = int(sys.argv[2]) if len(sys.argv) > 2 else 3
net = torchvision.models.resnet50()
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
for p in net.parameters():
    opt.state[p]['momentum_buffer'] = torch.randn_like(p)
ckpt = {'meta': {'epoch': 1, 'iter': 100}, 'state_dict': net.state_dict(),
        'optimizer': opt.state_dict()}
best_save = best_load = best_durable = 1e9
for _ in range(n):
    t0 = time.perf_counter()
    with open(path, 'wb') as f:
        torch.save(ckpt, f)
        f.flush()
        os.fsync(f.fileno())
    best_durable = min(best_durable, time.perf_counter() - t0)
    t0 = time.perf_counter()
    torch.save(ckpt, path)
    t1 = time.perf_counter()
    back = torch.load(path, weights_only=True)
    s = sum(float(v.sum()) for v in back['state_dict'].values())
    t2 = time.perf_counter()
    best_save, best_load = min(best_save, t1 - t0), min(best_load, t2 - t1)
print(best_save, best_load, os.path.getsize(path), best_durable)
