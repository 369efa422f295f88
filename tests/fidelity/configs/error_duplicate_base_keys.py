_base_ = ['./_base_/vars.py', './_base_/vars.py']
