"""PyTorch's DataLoader over the same JPEGs with torchvision transforms:
decode + RandomResizedCrop(224) + RandomHorizontalFlip + to uint8 CHW,
batch 64, 2 workers. Prints images per second (best of <epochs> epochs,
after one warm-up). Usage: data_pipeline_ref.py <dir> <epochs>."""
import json
import os
import sys
import time

import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms as T

root, epochs = sys.argv[1], int(sys.argv[2])
torch.set_num_threads(1)
with open(os.path.join(root, 'ann.json')) as f:
    items = json.load(f)['data_list']


class Jpegs(Dataset):

    def __init__(self):
        self.t = T.Compose([T.RandomResizedCrop(224), T.RandomHorizontalFlip(),
                            T.PILToTensor()])

    def __len__(self):
        return len(items)

    def __getitem__(self, i):
        img = Image.open(os.path.join(root, items[i]['img_path'])).convert('RGB')
        return self.t(img), items[i]['gt_label']


loader = DataLoader(Jpegs(), batch_size=64, num_workers=2, shuffle=True,
                    persistent_workers=True)
best = 0.0
for e in range(epochs + 1):
    start = time.perf_counter()
    n = sum(x.shape[0] for x, _ in loader)
    rate = n / (time.perf_counter() - start)
    if e > 0:
        best = max(best, rate)
print(f'{best:.1f}')
