#!/usr/bin/env python3
"""Compares `mmengine print-config --format py` (our `pretty_text`) with
MMEngine 0.10.4's `Config.fromfile(f).pretty_text` (yapf formatted) byte for
byte on real config collections (e.g. the configs/ folders of
open-mmlab/mmpretrain and open-mmlab/mmdetection).

    .venv/bin/python scripts/check_pretty_text.py \
        --mmengine build/bin/mmengine /path/to/mmpretrain/configs [...]

Configs MMEngine cannot load, and lazy-import ("pure Python") ones, are
counted apart. Prints a summary and, for every other config whose text
differs, the file and the first differing line (or our error). Exit status
0 when the share of identical texts reaches --target.
"""
import argparse
import concurrent.futures
import contextlib
import io
import os
import subprocess
import sys
import warnings


def reference(path):
    # In a worker process: MMEngine logs to stdout, so capture it.
    import mmengine.config.utils as mmengine_config_utils
    from mmengine.config import Config

    # As in tests/fidelity/scripts/config_fromfile.py: judge `import copy`
    # as an installation outside a venv does.
    mmengine_config_utils.PYTHON_ROOT_DIR = sys.base_prefix
    warnings.simplefilter('ignore')
    try:
        if path.endswith('.py') and Config._is_lazy_import(path):
            return 'lazy', None
        with contextlib.redirect_stdout(io.StringIO()):
            cfg = Config.fromfile(path)
    except Exception as e:  # noqa: BLE001 - any failure means "not loadable"
        return 'error', f'{type(e).__name__}: {e}'.splitlines()[0][:200]
    try:
        return 'ok', cfg.pretty_text
    except Exception as e:  # noqa: BLE001 - yapf rejects the text
        return 'unformattable', f'{type(e).__name__}'


def ours(mmengine, path):
    run = subprocess.run([mmengine, 'print-config', path, '--format', 'py'],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return 'error', (run.stderr.strip().splitlines() or ['?'])[0][:300]
    return 'ok', run.stdout


def first_difference(a, b):
    la, lb = a.split('\n'), b.split('\n')
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f'line {i + 1}: ours {x!r} != {y!r}'
    return f'line count: ours {len(la)} != {len(lb)}'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('folders', nargs='+')
    parser.add_argument('--mmengine', default='build/bin/mmengine')
    parser.add_argument('--jobs', type=int, default=2)
    parser.add_argument('--target', type=float, default=0.99)
    args = parser.parse_args()

    files = sorted(
        os.path.join(root, name) for folder in args.folders
        for root, _, names in os.walk(folder) for name in names
        if name.endswith(('.py', '.json', '.yaml', '.yml')))
    with concurrent.futures.ProcessPoolExecutor(args.jobs) as pool:
        refs = dict(zip(files, pool.map(reference, files, chunksize=8)))
    loadable = [f for f in files if refs[f][0] in ('ok', 'unformattable')]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = dict(zip(loadable,
                           pool.map(lambda f: ours(args.mmengine, f),
                                    loadable)))
    identical, problems = 0, []
    for f in loadable:
        (ref_status, ref), (status, text) = refs[f], results[f]
        if ref_status == 'unformattable':
            if status == 'error' and 'Failed to format' in text:
                identical += 1
            else:
                problems.append((f, 'MMEngine fails to format, we do not'))
        elif status != 'ok':
            problems.append((f, f'we fail: {text}'))
        elif text == ref:
            identical += 1
        else:
            problems.append((f, first_difference(text, ref)))
    count = {s: sum(1 for f in files if refs[f][0] == s)
             for s in ('lazy', 'error', 'unformattable')}
    print(f'files: {len(files)}; MMEngine loads {len(loadable)} '
          f'({count["unformattable"]} of them fail in yapf), fails on '
          f'{count["error"]}, lazy-import (not compared): {count["lazy"]}')
    share = identical / max(len(loadable), 1)
    print(f'identical pretty_text: {identical}; different or failing: '
          f'{len(problems)} ({100 * share:.2f}% identical)')
    for f, why in problems:
        print(f'  {f}: {why}')
    return 0 if share >= args.target else 1


if __name__ == '__main__':
    sys.exit(main())
