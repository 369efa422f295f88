"""torchvision's VisionTransformer as the reference for mmengine::zoo's.

`names`: prints JSON with the state_dict names and shapes (in order) of the
small configs the C++ test builds. `weights <folder>`: writes the weights of
a small ViT (seed 0; the zero-initialised head, biases and LayerNorms
perturbed so the output is non-trivial) as a plain dict of tensors, plus a fixed input
and torchvision's eval-mode output, and prints JSON with the two paths.
"""
import json
import os
import sys

import torch
from torchvision.models import VisionTransformer

SMALL = dict(image_size=32, patch_size=8, num_layers=2, num_heads=4,
             hidden_dim=32, mlp_dim=64, num_classes=10)
CONFIGS = {
    'small': SMALL,
    'representation': dict(SMALL, representation_size=16, num_layers=1),
    'wide': dict(image_size=48, patch_size=16, num_layers=3, num_heads=2,
                 hidden_dim=24, mlp_dim=40, num_classes=7),
}


def names():
    out = {}
    for key, cfg in CONFIGS.items():
        model = VisionTransformer(**cfg)
        out[key] = [[k, list(v.shape)] for k, v in model.state_dict().items()]
    return out


def weights(folder):
    torch.manual_seed(0)
    model = VisionTransformer(**SMALL)
    with torch.no_grad():
        model.heads.head.weight.normal_(0, 0.5)
        model.heads.head.bias.uniform_(-0.5, 0.5)
        model.class_token.normal_(0, 1)
        for name, p in model.named_parameters():
            if 'bias' in name or '.ln' in name:
                p.add_(torch.rand_like(p) * 0.4 - 0.2)
    model.eval()
    x = torch.randn(3, 3, 32, 32)
    with torch.no_grad():
        y = model(x)
    weights_path = os.path.join(folder, 'vit.pth')
    io_path = os.path.join(folder, 'vit_io.pth')
    torch.save(dict(model.state_dict().items()), weights_path)
    torch.save({'input': x, 'output': y}, io_path)
    return {'weights': weights_path, 'io': io_path}


if __name__ == '__main__':
    if sys.argv[1] == 'names':
        print(json.dumps(names()))
    else:
        print(json.dumps(weights(sys.argv[2])))
