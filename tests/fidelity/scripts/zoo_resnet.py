"""torchvision's ResNets as the reference for mmengine::zoo::ResNet.

`names`: prints JSON with the state_dict names and shapes of
resnet18/34/50/101 (in order). `weights <folder>`: writes resnet18's weights
(seed 0, perturbed BN statistics so eval mode is non-trivial) as a plain dict
of tensors (libtorch's unpickler reads no OrderedDict) plus a fixed input
and torchvision's eval-mode output, for the C++ test to compare, and
prints JSON with the two file paths.
"""
import json
import os
import sys

import torch
import torchvision


def names_and_shapes(model):
    return [[k, list(v.shape)] for k, v in model.state_dict().items()]


def names():
    out = {}
    for depth in (18, 34, 50, 101):
        model = getattr(torchvision.models, f'resnet{depth}')()
        out[f'resnet{depth}'] = names_and_shapes(model)
    return out


def weights(folder):
    out = {}
    torch.manual_seed(0)
    model = torchvision.models.resnet18(num_classes=10)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
    model.eval()
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        y = model(x)
    weights = os.path.join(folder, 'resnet18.pth')
    io = os.path.join(folder, 'resnet18_io.pth')
    torch.save({k: v for k, v in model.state_dict().items()}, weights)
    torch.save({'input': x, 'output': y}, io)
    out['weights'] = weights
    out['io'] = io
    return out


if __name__ == '__main__':
    if sys.argv[1] == 'names':
        print(json.dumps(names()))
    else:
        print(json.dumps(weights(sys.argv[2])))
