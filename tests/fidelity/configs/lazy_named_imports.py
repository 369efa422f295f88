from mmengine.config import read_base
from mmengine.dataset import DefaultSampler as Sampler
from torch.nn import modules

with read_base():
    from ._base_.lazy.model import model as base_model, norm_cfg
    from ._base_.lazy.plain import pipeline

train_dataloader = dict(
    batch_size=16,
    sampler=dict(type=Sampler, shuffle=True),
    dataset=dict(type='ImageNet', pipeline=pipeline),
)
base_model.backbone.update(dict(depth=18, act=dict(type=modules.activation.GELU)))
model = base_model
gelu_name = f'{modules.activation.GELU}'
