_base_ = './_base_/env_base.py'
ann = _base_.data_root + 'ann.json'
