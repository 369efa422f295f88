from mmengine.config import read_base

with read_base():
    from ._base_.lazy.no_such_file import *
