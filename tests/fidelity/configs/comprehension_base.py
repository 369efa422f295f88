_base_ = './_base_/vars.py'
doubled = [c * 2 for c in _base_.channels]
names = {f'stage{i}': c for i, c in enumerate(_base_.channels)}
