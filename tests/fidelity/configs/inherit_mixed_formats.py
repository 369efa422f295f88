_base_ = ['./_base_/data.yaml', './_base_/data.json', './_base_/model.py']
train_dataloader = dict(batch_size=64, dataset=dict(data_root='other'))
