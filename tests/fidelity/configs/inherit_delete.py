_base_ = ['./_base_/model.py', './_base_/schedule.py']
model = dict(backbone=dict(_delete_=True, type='ViT', arch='b', img_size=224))
optim_wrapper = dict(optimizer=dict(_delete_=True, type='AdamW', lr=0.001))
new_with_delete = dict(_delete_=True, a=1)
