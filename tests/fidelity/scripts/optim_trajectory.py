"""Runs torch.optim optimizers on a fixed problem; prints JSON.

argv[1] is a JSON list of cases. A case names the optimizer, its kwargs,
the parameter shapes, optional per-parameter-group kwargs and how many
steps to take. Parameters, targets and weights come from a formula (not
the RNG), and the loss is built with the same torch ops as the C++ test:

    p_k = 0.5 * sin(0.37 * i + k),  t_k = cos(0.13 * i + k),
    w_k = 1 + 0.5 * sin(0.7 * i)
    loss = sign * sum_k [ sum(w_k * (p_k - t_k)^2) + 0.05 * sum(p_k^4) ]

Parameters listed in `no_grad` never get a gradient. A case may also
`load` an encoded state dict (with the parameter values `load_params`)
before stepping (`final_only`: only a digest of the last step's values - sums
and every 97th value - and no state dict). Each case yields the flat parameter values after every
step, the encoded state dict after `save_at` steps (with the parameters
then) and after the last step, and the keys of every parameter group.
Tensors are encoded as {"__tensor__": dtype, "shape": [...], "data": [...]}.
"""
import json
import sys

import torch


def problem(shapes):
    params, targets, weights = [], [], []
    for k, shape in enumerate(shapes):
        n = 1
        for s in shape:
            n *= s
        idx = torch.arange(n, dtype=torch.float32)
        params.append((torch.sin(idx * 0.37 + k) * 0.5).reshape(shape)
                      .requires_grad_())
        targets.append(torch.cos(idx * 0.13 + k).reshape(shape))
        weights.append((torch.sin(idx * 0.7) * 0.5 + 1).reshape(shape))
    return params, targets, weights


def loss_of(params, targets, weights, no_grad, sign):
    total = None
    for k, (p, t, w) in enumerate(zip(params, targets, weights)):
        if k in no_grad:
            continue
        term = (w * (p - t).pow(2)).sum() + (p.pow(4)).sum() * 0.05
        total = term if total is None else total + term
    return total * sign


def encode(value):
    if isinstance(value, torch.Tensor):
        return {'__tensor__': str(value.dtype).replace('torch.', ''),
                'shape': list(value.shape),
                'data': value.detach().reshape(-1).tolist()}
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


def decode(value, key=None):
    if isinstance(value, dict):
        if '__tensor__' in value:
            dtype = getattr(torch, value['__tensor__'])
            return torch.tensor(value['data'], dtype=dtype).reshape(
                value['shape'])
        out = {}
        for k, v in value.items():
            out[int(k) if key == 'state' else k] = decode(v, k)
        return out
    if isinstance(value, list):
        if key == 'betas':
            return tuple(value)
        return [decode(v) for v in value]
    return value


def flat(params):
    return torch.cat([p.detach().reshape(-1) for p in params]).tolist()


def digest(params):
    values = torch.cat([p.detach().reshape(-1) for p in params]).double()
    return [values.sum().item(), values.pow(2).sum().item()] + values[::97].tolist()


def run(case):
    params, targets, weights = problem(case['shapes'])
    no_grad = set(case.get('no_grad', []))
    sign = -1.0 if case.get('maximize_loss') else 1.0
    if 'load_params' in case:
        with torch.no_grad():
            for p, v in zip(params, case['load_params']):
                p.copy_(torch.tensor(v, dtype=torch.float32).reshape(p.shape))
    cls = getattr(torch.optim, case['optimizer'])
    groups = case.get('groups')
    if groups:
        spec = [dict(params=[params[i] for i in g['params']],
                     **g.get('kwargs', {})) for g in groups]
    else:
        spec = params
    opt = cls(spec, **case.get('kwargs', {}))
    if 'load' in case:
        opt.load_state_dict(decode(case['load']))

    def closure():
        opt.zero_grad()
        loss = loss_of(params, targets, weights, no_grad, sign)
        loss.backward()
        return loss

    out = {'traj': [], 'losses': []}
    for step in range(case['steps']):
        if case.get('closure'):
            loss = opt.step(closure)
        else:
            loss = closure()
            opt.step()
        out['losses'].append(float(loss.detach()))
        if not case.get('final_only'):
            out['traj'].append(flat(params))
        elif step + 1 == case['steps']:
            out['traj'].append(digest(params))
        if step + 1 == case.get('save_at'):
            out['mid_state'] = encode(opt.state_dict())
            out['mid_params'] = [p.detach().reshape(-1).tolist()
                                 for p in params]
    if not case.get('final_only'):
        out['state_dict'] = encode(opt.state_dict())
    out['group_keys'] = [list(g.keys()) for g in opt.param_groups]
    return out


def main():
    cases = json.loads(sys.argv[1])
    results = []
    for case in cases:
        try:
            results.append(run(case))
        except Exception as e:  # reported, compared by the test
            results.append({'error': type(e).__name__, 'message': str(e)})
    print(json.dumps(results))


if __name__ == '__main__':
    main()
