from torch.optim import *

model = dict(type='ResNet')
