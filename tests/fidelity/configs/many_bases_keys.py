_base_ = ['./_base_/schedule.py', './_base_/runtime.py', './_base_/data.json']
val_evaluator = dict(metric='bbox')
img_scale = (640, 640)
