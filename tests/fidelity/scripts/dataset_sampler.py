"""Index order of MMEngine's DefaultSampler and InfiniteSampler; prints JSON.

Cases: (size, shuffle, seed, round_up, epoch) for DefaultSampler, and the
first 3 passes of InfiniteSampler (size, shuffle, seed).
"""
import itertools
import json

from mmengine.dataset import DefaultSampler, InfiniteSampler

DEFAULT = [(10, True, 0, True, 0), (10, True, 0, True, 3), (7, False, 1, True, 0),
           (13, True, 42, False, 2), (1, True, 5, True, 0), (100, True, 2024, True, 1)]
INFINITE = [(5, True, 7), (4, False, 0), (9, True, 123)]


class Sized:

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


out = dict(default=[], infinite=[])
for size, shuffle, seed, round_up, epoch in DEFAULT:
    s = DefaultSampler(Sized(size), shuffle=shuffle, seed=seed, round_up=round_up)
    s.set_epoch(epoch)
    out['default'].append(list(iter(s)))
for size, shuffle, seed in INFINITE:
    s = InfiniteSampler(Sized(size), shuffle=shuffle, seed=seed)
    out['infinite'].append(list(itertools.islice(iter(s), 3 * size)))
print(json.dumps(out))
