"""Writes scalars and a config through the real Visualizer +
LocalVisBackend and prints the files it produced.

argv[1]: JSON {"records": [["scalars", dict, step, file_path or null] |
["scalar", name, value, step]], "config": dict}; argv[2]: save_dir.
"""
import json
import os
import sys
import types

from mmengine.config import Config
from mmengine.visualization import Visualizer


# The drawing canvas needs matplotlib, which the reference venv lacks; the
# logging API under test does not use it.
Visualizer._initialize_fig = lambda self, cfg: (
    None, types.SimpleNamespace(get_dpi=lambda: 100), None)


def read(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return f.read()


def main():
    spec = json.loads(sys.argv[1])
    save_dir = sys.argv[2]
    vis = Visualizer.get_instance(
        'fidelity', vis_backends=[dict(type='LocalVisBackend')],
        save_dir=save_dir)
    for record in spec['records']:
        if record[0] == 'scalars':
            vis.add_scalars(record[1], step=record[2], file_path=record[3])
        else:
            vis.add_scalar(record[1], record[2], step=record[3])
    vis.add_config(Config(spec['config']))
    vis_data = os.path.join(save_dir, 'vis_data')
    print(json.dumps({
        'files': sorted(os.listdir(vis_data)),
        'scalars': read(os.path.join(vis_data, 'scalars.json')),
        'extra': read(os.path.join(vis_data, 'extra.json')),
        'config': read(os.path.join(vis_data, 'config.py')),
    }))


if __name__ == '__main__':
    main()
