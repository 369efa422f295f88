#!/usr/bin/env python3
"""Compares `mmengine print-config --format json` with MMEngine 0.10.4 on
real config collections (e.g. the configs/ folders of open-mmlab/mmpretrain
and open-mmlab/mmdetection; keep those checkouts outside this repository).

    .venv/bin/python scripts/check_real_configs.py \
        --mmengine build/bin/mmengine /path/to/mmpretrain/configs [...]

For every .py/.json/.yaml/.yml file under the given folders: MMEngine's
`Config.fromfile(f).to_dict()` as `json.dumps` (in this process), then ours
(a subprocess). Lazy-import ("pure Python") configs are compared too and
also counted apart. Prints a summary and, for every config MMEngine loads but we do not
reproduce, the file and the first lines of the difference or our error.
Exit status 0 when the share of identical configs reaches --target.
"""
import argparse
import concurrent.futures
import json
import math
import os
import subprocess
import sys
import warnings

import mmengine.config.utils as mmengine_config_utils
from mmengine.config import Config

# As in tests/fidelity/scripts/config_fromfile.py: judge `import copy` as an
# installation outside a venv does (stdlib modules are "builtin").
mmengine_config_utils.PYTHON_ROOT_DIR = sys.base_prefix


def is_lazy(path):
    try:
        return path.endswith('.py') and Config._is_lazy_import(path)
    except Exception:  # noqa: BLE001 - loading reports the failure
        return False


def reference(path):
    try:
        with open(os.devnull, 'w') as devnull:
            old = os.dup(1)
            os.dup2(devnull.fileno(), 1)
            try:
                cfg = Config.fromfile(path)
            finally:
                os.dup2(old, 1)
                os.close(old)
        return 'ok', json.dumps(cfg.to_dict())
    except Exception as e:  # noqa: BLE001 - any failure means "MMEngine fails"
        return 'error', f'{type(e).__name__}: {e}'.splitlines()[0][:200]


def ours(mmengine, path):
    run = subprocess.run([mmengine, 'print-config', path, '--format', 'json'],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return 'error', (run.stderr.strip().splitlines() or ['?'])[0][:300]
    return 'ok', run.stdout.rstrip('\n')


def close(a, b):
    if isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, float) and isinstance(b, float)):
            return False
        return a == b or (math.isnan(a) and math.isnan(b)) or \
            abs(a - b) <= 1e-12 * abs(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(close(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def first_difference(a, b, path=''):
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return f'{path or "<root>"}: keys {list(a)} != {list(b)}'
        for k in a:
            d = first_difference(a[k], b[k], f'{path}.{k}' if path else k)
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f'{path}[{i}]')
            if d:
                return d
        return None
    return None if close(a, b) else f'{path}: ours {a!r} != {b!r}'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('folders', nargs='+')
    parser.add_argument('--mmengine', default='build/bin/mmengine')
    parser.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    parser.add_argument('--target', type=float, default=0.995)
    args = parser.parse_args()
    warnings.simplefilter('ignore')

    files = sorted(
        os.path.join(root, name) for folder in args.folders
        for root, _, names in os.walk(folder) for name in names
        if name.endswith(('.py', '.json', '.yaml', '.yml')))
    refs = {f: reference(f) for f in files}
    loadable = [f for f in files if refs[f][0] == 'ok']
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = dict(zip(loadable,
                           pool.map(lambda f: ours(args.mmengine, f),
                                    loadable)))
    identical, equal, problems = 0, 0, []
    for f in loadable:
        status, text = results[f]
        if status != 'ok':
            problems.append((f, f'we fail: {text}'))
        elif text == refs[f][1]:
            identical += 1
        else:
            a, b = json.loads(text), json.loads(refs[f][1])
            if close(a, b):
                equal += 1
            else:
                problems.append((f, first_difference(a, b) or 'differs'))
    lazy = {f for f in files if is_lazy(f)}
    failing = sum(1 for f in files if refs[f][0] == 'error')
    lazy_loadable = [f for f in loadable if f in lazy]
    lazy_problems = sum(1 for f, _ in problems if f in lazy)
    print(f'files: {len(files)}; MMEngine loads {len(loadable)}, '
          f'fails on {failing}; lazy-import: {len(lazy)}, MMEngine loads '
          f'{len(lazy_loadable)}, we reproduce '
          f'{len(lazy_loadable) - lazy_problems}')
    share = (identical + equal) / max(len(loadable), 1)
    print(f'identical: {identical}; equal within 1e-12: {equal}; '
          f'different or failing: {len(problems)} '
          f'({100 * share:.2f}% reproduced)')
    for f, why in problems:
        print(f'  {f}: {why}')
    return 0 if share >= args.target else 1


if __name__ == '__main__':
    sys.exit(main())
