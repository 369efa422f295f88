_base_ = './_base_/vars.py'
x = {{_base_.not_there}}
