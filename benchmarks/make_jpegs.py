"""Writes <n> JPEG images (320 x 240, smooth colours plus noise) and an
OpenMMLab annotation file ann.json into <dir>. Usage: make_jpegs.py dir n."""
import json
import os
import sys

import cv2
import numpy as np

root, n = sys.argv[1], int(sys.argv[2])
os.makedirs(root, exist_ok=True)
rng = np.random.RandomState(0)
yy, xx = np.mgrid[0:240, 0:320]
items = []
for i in range(n):
    base = np.stack([xx + i, yy * 2 + i, xx + yy], -1) % 256
    img = np.clip(base + rng.randint(-20, 20, base.shape), 0, 255).astype(np.uint8)
    name = f'{i:05d}.jpg'
    cv2.imwrite(os.path.join(root, name), img, [cv2.IMWRITE_JPEG_QUALITY, 90])
    items.append(dict(img_path=name, gt_label=i % 10))
with open(os.path.join(root, 'ann.json'), 'w') as f:
    json.dump(dict(metainfo=dict(classes=[str(c) for c in range(10)]),
                   data_list=items), f)
print(root)
