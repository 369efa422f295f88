_base_ = './_base_/data.yaml'
train_dataloader = dict(dataset=dict(pipeline=[dict(type='LoadImageFromFile'), dict(type='PackInputs')]))
data_preprocessor = dict(mean=[0, 0, 0])
