_base_ = './_base_/vars.py'
work_dir = f'./work_dirs/r{_base_.depth}_{len(_base_.channels)}x'
label = f'{_base_.scale[0]}x{_base_.scale[1]}'
