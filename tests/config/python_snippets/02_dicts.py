model = dict(
    type='ResNet',
    depth=50,
    num_stages=4,
    out_indices=(0, 1, 2, 3),
    frozen_stages=1,
    norm_cfg=dict(type='BN', requires_grad=True),
    norm_eval=True,
    style='pytorch',
    init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet50'))
mapping = {1: 'one', 2: 'two', 'three': 3}
extra = dict(**model['norm_cfg'], momentum=0.1)
merged = {**mapping, 4: 'four', 1: 'uno'}
dup = dict(a=1, b=2)
dup2 = {'b': 1, 'a': 2, 'b': 3}
from_pairs = dict([('x', 1), ('y', 2)], z=3)
