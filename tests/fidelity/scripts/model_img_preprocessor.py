"""Runs MMEngine's ImgDataPreprocessor on small fixed batches; prints JSON.

Pixels are arange(numel) % 251 as uint8 in the given shape, so the C++ test
rebuilds the inputs from the shapes alone.
"""
import json

import torch
from mmengine.model import ImgDataPreprocessor


def image(shape):
    n = 1
    for s in shape:
        n *= s
    return (torch.arange(n) % 251).to(torch.uint8).reshape(shape)


CASES = [
    dict(cfg=dict(mean=[1, 2, 3], std=[2, 4, 8], bgr_to_rgb=True,
                  pad_size_divisor=4, pad_value=-1),
         kind='list', shapes=[[3, 2, 3], [3, 3, 5]]),
    dict(cfg=dict(mean=[127.5], std=[127.5], rgb_to_bgr=True,
                  pad_size_divisor=8),
         kind='tensor', shapes=[[2, 3, 5, 7]]),
    dict(cfg=dict(), kind='list', shapes=[[1, 4, 4], [1, 2, 6]]),
    dict(cfg=dict(mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375],
                  pad_value=2.5, pad_size_divisor=3),
         kind='list', shapes=[[3, 4, 2], [3, 1, 5]]),
    dict(cfg=dict(mean=[1, 2, 3], std=[1, 1, 1]), kind='list',
         shapes=[[1, 2, 2]]),
    dict(cfg=dict(), kind='tensor', shapes=[[3, 2, 2]]),
]


def main():
    out = []
    for case in CASES:
        pre = ImgDataPreprocessor(**case['cfg'])
        imgs = [image(s) for s in case['shapes']]
        inputs = imgs if case['kind'] == 'list' else imgs[0]
        result = dict(case)
        try:
            res = pre(dict(inputs=inputs), False)['inputs']
            result['shape'] = list(res.shape)
            result['dtype'] = str(res.dtype)
            result['values'] = res.flatten().tolist()
        except AssertionError as e:
            result['error'] = 'AssertionError'
            result['message'] = str(e)
        out.append(result)
    print(json.dumps(out))


main()
