"""Runs torch.amp.GradScaler('cpu') on a scripted sequence of finite, inf
and nan gradients, the way AmpOptimWrapper uses it; prints JSON.

Per case and step: the scale, the growth tracker and the parameters after
scaler.step + scaler.update; then the final state_dict.
"""
import json

import torch

FLAGS = ['ok', 'ok', 'ok', 'inf', 'ok', 'ok', 'nan', 'ok', 'ok', 'ok', 'ok',
         'inf', 'inf', 'ok']
CASES = [
    dict(name='dynamic', kwargs=dict(init_scale=8.0, growth_interval=2),
         clip=None, static=None),
    dict(name='factors', kwargs=dict(init_scale=1024.0, growth_factor=4.0,
                                     backoff_factor=0.25, growth_interval=3),
         clip=0.5, static=None),
    dict(name='static', kwargs=dict(init_scale=16.0), clip=None, static=16.0),
]


def main():
    out = []
    for case in CASES:
        p = torch.nn.Parameter(torch.tensor([1.0, -2.0, 0.5]))
        q = torch.nn.Parameter(torch.tensor([0.25]))
        opt = torch.optim.SGD([p, q], lr=0.1, momentum=0.9)
        scaler = torch.amp.GradScaler('cpu', **case['kwargs'])
        steps = []
        for flag in FLAGS:
            c = torch.tensor([1.0, 0.5, -1.5])
            if flag == 'inf':
                c[1] = float('inf')
            elif flag == 'nan':
                c[0] = float('nan')
            loss = (p * c).sum() + (q * q).sum()
            scaler.scale(loss).backward()
            if case['clip'] is not None:
                scaler.unscale_(opt)
                torch.nn.utils.clip_grad_norm_([p, q], case['clip'])
            scaler.step(opt)
            scaler.update(case['static'])
            opt.zero_grad()
            steps.append(dict(scale=scaler.get_scale(),
                              tracker=scaler._get_growth_tracker(),
                              p=p.detach().tolist(), q=q.detach().tolist()))
        out.append(dict(case, flags=FLAGS, steps=steps,
                        state_dict=scaler.state_dict()))
    print(json.dumps(out))


main()
