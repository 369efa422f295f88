"""MMEngine's BaseDataset (and ClassBalancedDataset) on annotation files
written here; prints the cases (configs) with lengths, data infos, metainfo
and subsets as JSON. Usage: data_base_dataset.py <work dir>.
"""
import json
import logging
import os
import sys

from mmengine.dataset import BaseDataset, ClassBalancedDataset
from mmengine.logging import MMLogger

MMLogger.get_instance('data_base_dataset', log_level='ERROR')
logging.disable(logging.CRITICAL)

root = sys.argv[1]
os.makedirs(os.path.join(root, 'sub'), exist_ok=True)
items = []
for i in range(7):
    item = dict(img_path=f'img_{i}.jpg', label=i % 3, seg_path=f's{i}.png')
    if i == 2:
        item['extra'] = dict(box=[1.5, 2, None], flag=True, name='x')
    if i == 5:
        item['nested'] = [[1, 2], {'k': -0.0}]
    items.append(item)
ann = dict(metainfo=dict(classes=['a', 'b', 'c'], task='cls', version=1),
           data_list=items)
with open(os.path.join(root, 'sub', 'ann.json'), 'w') as f:
    json.dump(ann, f)
with open(os.path.join(root, 'classes.txt'), 'w') as f:
    f.write('cat\ndog\r\nbird\n')
labels = [[0], [0, 1], [0], [2], [0], [0, 2], [1]]
with open(os.path.join(root, 'sub', 'cats.json'), 'w') as f:
    json.dump(dict(metainfo=dict(), data_list=[
        dict(img_path=f'{i}.jpg', labels=l) for i, l in enumerate(labels)]), f)

base = dict(ann_file='ann.json', data_root=os.path.join(root, 'sub'))
cases = [
    dict(base),
    dict(base, data_prefix=dict(img_path='imgs/', seg_path='/abs/segs')),
    dict(ann_file=os.path.join(root, 'sub', 'ann.json'),
         data_prefix=dict(img_path='')),
    dict(base, metainfo=dict(classes=os.path.join(root, 'classes.txt'),
                             task='det', note='no/such/file')),
    dict(base, indices=3),
    dict(base, indices=-2),
    dict(base, indices=[4, 0, 6, -1]),
    dict(base, serialize_data=False, indices=[1, 2]),
    dict(base, lazy_init=True),
    dict(base, data_root='', ann_file=os.path.join(root, 'sub', 'ann.json'),
         data_prefix=dict(img_path='rel')),
]
subsets = [2, -3, 0, [3, 1], [-1, 0], [6, 6]]


def info_list(ds):
    return [ds.get_data_info(i) for i in range(len(ds))]


out = dict(cases=[], balanced=[])
for cfg in cases:
    ds = BaseDataset(**cfg)
    r = dict(cfg=cfg, len=len(ds), infos=info_list(ds), metainfo=ds.metainfo,
             negative=ds.get_data_info(-1), subsets=[], inplace=[])
    for s in subsets:
        # Out-of-range requests fail (AssertionError/IndexError): None.
        try:
            r['subsets'].append(info_list(ds.get_subset(s)))
        except (AssertionError, IndexError):
            r['subsets'].append(None)
        d2 = BaseDataset(**cfg)
        try:
            d2.get_subset_(s)
            r['inplace'].append(len(d2))
        except (AssertionError, IndexError):
            r['inplace'].append(None)
    out['cases'].append(r)


class CatDataset(BaseDataset):

    def get_cat_ids(self, idx):
        return self.get_data_info(idx)['labels']


for thr in [0.1, 0.5, 0.9, 1.0]:
    cfg = dict(ann_file='cats.json', data_root=os.path.join(root, 'sub'))
    ds = ClassBalancedDataset(CatDataset(**cfg), oversample_thr=thr)
    out['balanced'].append(dict(
        cfg=cfg, thr=thr, len=len(ds),
        repeat_indices=[int(i) for i in ds.repeat_indices]))
print(json.dumps(out))
