"""Writes reference checkpoints with the real torch / MMEngine into argv[1]
and prints what they hold as JSON (for the checkpoint reader tests)."""
import collections
import io
import json
import os
import pickle
import sys
import zipfile

import torch

out = sys.argv[1]
torch.manual_seed(0)
report = {}

# torchvision ResNet-18: state_dict plus an input and its output.
import torchvision

net = torchvision.models.resnet18(num_classes=10).eval()
torch.save(net.state_dict(), os.path.join(out, 'resnet18.pth'))
x = torch.randn(2, 3, 32, 32)
with torch.no_grad():
    y = net(x)
torch.save({'input': x, 'output': y}, os.path.join(out, 'resnet18_io.pth'))
report['resnet18_keys'] = list(net.state_dict().keys())

# A runner-style checkpoint: meta, state_dict, message_hub, optimizer,
# param_schedulers.
from mmengine.logging import MessageHub
from mmengine.optim import MultiStepLR

model = torch.nn.Linear(3, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
sched = MultiStepLR(opt, milestones=[2, 4], gamma=0.5)
for _ in range(3):
    opt.zero_grad()
    model(torch.ones(1, 3)).sum().backward()
    opt.step()
    sched.step()
hub = MessageHub.get_instance('ckpt_make')
hub.update_scalar('train/loss', 0.5)
hub.update_scalar('train/loss', 0.25, count=2)
hub.update_info('iter', 3)
hub.update_info('epoch', 1)
ckpt = {
    'meta': {'epoch': 1, 'iter': 3, 'cfg': "model = dict(type='X')\n",
             'seed': 42, 'experiment_name': 'exp', 'time': '20261128_000000',
             'mmengine_version': '0.10.4',
             'dataset_meta': {'classes': ('a', 'b')}},
    'state_dict': model.state_dict(),
    'message_hub': hub.state_dict(),
    'optimizer': opt.state_dict(),
    'param_schedulers': [sched.state_dict()],
}
torch.save(ckpt, os.path.join(out, 'runner.pth'))
report['runner'] = {
    'weight': model.weight.detach().flatten().tolist(),
    'momentum': opt.state_dict()['state'][0]['momentum_buffer'].flatten().tolist(),
    'lr': opt.param_groups[0]['lr'],
    'milestones': {str(k): v for k, v in sched.state_dict()['milestones'].items()},
    'last_step': sched.state_dict()['last_step'],
    'loss_history': hub.log_scalars['train/loss']._log_history.tolist(),
    'count_history': hub.log_scalars['train/loss']._count_history.tolist(),
}

# dtypes, views sharing storage, non-contiguous strides.
base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
dtypes = {
    'bf16': torch.tensor([1.5, -2.25, 3.0], dtype=torch.bfloat16),
    'f16': torch.tensor([0.5, 1.0], dtype=torch.float16),
    'f64': torch.tensor([1e-300, 2.5], dtype=torch.float64),
    'i64': torch.tensor([-(2 ** 40), 7]),
    'i32': torch.tensor([1, -2], dtype=torch.int32),
    'i8': torch.tensor([-3, 4], dtype=torch.int8),
    'u8': torch.tensor([250, 1], dtype=torch.uint8),
    'bool': torch.tensor([True, False, True]),
    'base': base,
    'transposed': base.t(),
    'row': base[1],
    'column': base[:, 2],
    'scalar': torch.tensor(3.5),
}
torch.save(dtypes, os.path.join(out, 'dtypes.pth'))
torch.save(dtypes, os.path.join(out, 'legacy.pth'),
           _use_new_zipfile_serialization=False)
report['dtypes'] = {k: {'values': v.double().flatten().tolist()
                        if v.dtype != torch.bool else v.flatten().tolist(),
                        'shape': list(v.shape), 'stride': list(v.stride()),
                        'dtype': str(v.dtype)} for k, v in dtypes.items()}


# Malicious pickles: each would create the marker file if executed.
marker = os.path.join(out, 'marker')


class Evil:
    def __init__(self, fn, arg):
        self.fn, self.arg = fn, arg

    def __reduce__(self):
        return self.fn, (self.arg,)


def write_zip(name, payload):
    with zipfile.ZipFile(os.path.join(out, name), 'w') as z:
        z.writestr('archive/data.pkl', payload)
        z.writestr('archive/version', '3\n')


cmd = f'touch {marker}'
write_zip('evil_system.pth', pickle.dumps(Evil(os.system, cmd), protocol=2))
write_zip('evil_eval.pth', pickle.dumps(
    Evil(eval, f"__import__('os').system('{cmd}')"), protocol=2))
write_zip('evil_import.pth', pickle.dumps(
    {'a': (1, [Evil(__import__, 'os')])}, protocol=4))
write_zip('evil_nested.pth', pickle.dumps(
    {'state_dict': {'w': (Evil(os.system, cmd),)}}, protocol=2))
report['marker'] = marker
print(json.dumps(report))
