_base_ = './_base_/lazy/runtime.py'
extra = 1
