"""Images written with OpenCV and what cv2 decodes / resizes / flips them
to, as raw files next to them; prints the cases as JSON.
Usage: data_transforms.py <work dir>.
"""
import json
import os
import sys

import cv2
import numpy as np

root = sys.argv[1]
rng = np.random.RandomState(0)
h, w = 45, 61
yy, xx = np.mgrid[0:h, 0:w]
base = np.stack([xx * 4, yy * 5, (xx + yy) * 2], axis=-1).astype(np.int32)
img = np.clip(base + rng.randint(-40, 40, size=(h, w, 3)), 0, 255).astype(np.uint8)
gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
rgba = np.concatenate([img, rng.randint(0, 256, size=(h, w, 1)).astype(np.uint8)], -1)


def save(name, arr):
    arr = np.ascontiguousarray(arr)
    arr.tofile(os.path.join(root, name + '.raw'))
    return dict(name=name, shape=list(arr.shape), dtype=str(arr.dtype))


files = {
    'c.jpg': (img, [cv2.IMWRITE_JPEG_QUALITY, 90]),
    'c420.jpg': (img, [cv2.IMWRITE_JPEG_QUALITY, 75]),
    'g.jpg': (gray, [cv2.IMWRITE_JPEG_QUALITY, 95]),
    'c.png': (img, []),
    'g.png': (gray, []),
    'a.png': (rgba, []),
}
flags = {'color': cv2.IMREAD_COLOR, 'grayscale': cv2.IMREAD_GRAYSCALE,
         'unchanged': cv2.IMREAD_UNCHANGED}
out = dict(decode=[], resize=[], flip=[])
for name, (arr, params) in files.items():
    cv2.imwrite(os.path.join(root, name), arr, params)
    for ct, flag in flags.items():
        if name.endswith('.png') and name != 'g.png' and ct == 'grayscale':
            continue  # colour PNG -> gray: libpng's own weights differ
        dec = cv2.imread(os.path.join(root, name), flag)
        if dec.ndim == 2:
            dec = dec[..., None]
        out['decode'].append(dict(file=name, color_type=ct,
                                  ref=save(f'dec_{name}_{ct}', dec)))

src = cv2.imread(os.path.join(root, 'c.png'), cv2.IMREAD_COLOR)
for dw, dh in [(30, 20), (100, 80), (22, 23), (128, 97), (61, 90), (7, 5),
               (224, 224)]:
    for dtype in ['uint8', 'float32']:
        s = src.astype(dtype)
        if dtype == 'float32':
            s = s * 1.5 + 0.25
        r = cv2.resize(s, (dw, dh), interpolation=cv2.INTER_LINEAR)
        if r.ndim == 2:
            r = r[..., None]
        out['resize'].append(dict(
            size=[dw, dh], dtype=dtype,
            src=save(f'src_{dtype}', s), ref=save(f'rs_{dw}x{dh}_{dtype}', r)))
for code, direction in [(1, 'horizontal'), (0, 'vertical'), (-1, 'diagonal')]:
    out['flip'].append(dict(direction=direction,
                            ref=save(f'flip_{direction}', cv2.flip(src, code))))
print(json.dumps(out))
