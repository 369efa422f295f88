"""Writes a 5-level `_base_` chain with ~300 keys into a folder.

level0.py is the root; level<i>.py inherits level<i-1>.py, overrides some of
its values and adds its own, using the expressions real configs use.
Prints the path of the leaf config.
"""
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for level in range(5):
    lines = []
    if level:
        lines.append(f"_base_ = './level{level - 1}.py'")
    for i in range(40):
        lines.append(
            f"model_{level}_{i} = dict(type='Block{i}', depth={10 + i}, "
            f"widths=[{i}, {i * 2}, {i * 4}], scale=({i}, {i + 1}), "
            f"norm_cfg=dict(type='BN', requires_grad=True, eps=1e-5), "
            f"name='block_{level}_{i}', ratio={i / 7!r})")
    for i in range(10):
        lines.append(f"lr_{level}_{i} = 0.1 * {i + 1} / 8")
        lines.append(f"steps_{level}_{i} = [x * {i + 1} for x in range(6)]")
    if level:
        lines.append(f"model_{level - 1}_0 = dict(depth=101, extra=True)")
        lines.append(f"ref_{level} = _base_.lr_{level - 1}_0 * 2")
        lines.append(f"name_{level} = f'level{{ref_{level}:.3f}}'")
    with open(os.path.join(out, f'level{level}.py'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
print(os.path.join(out, 'level4.py'))
