_base_ = './_base_/vars.py'
pipeline = [dict(type='Only')]
channels = _base_.channels + [1024]
