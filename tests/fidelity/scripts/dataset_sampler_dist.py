"""Index order of MMEngine's DefaultSampler and InfiniteSampler on every
rank of world sizes 1-4 (get_dist_info patched); prints JSON.

default: one entry per (size, shuffle, round_up, seed, world_size, rank,
epoch). infinite: the first 3 * size indices of each (size, shuffle, seed,
world_size, rank).
"""
import itertools
import json

import mmengine.dataset.sampler as sampler_module
from mmengine.dataset import DefaultSampler, InfiniteSampler

SIZES = [10, 11]
SEEDS = [0, 7, 123]
WORLD_SIZES = [1, 2, 3, 4]
EPOCHS = [0, 1, 2]


class Sized:

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


def patch(rank, world_size):
    sampler_module.get_dist_info = lambda: (rank, world_size)


out = dict(default=[], infinite=[])
for size, shuffle, round_up, seed, world_size in itertools.product(
        SIZES, [True, False], [True, False], SEEDS, WORLD_SIZES):
    for rank in range(world_size):
        patch(rank, world_size)
        s = DefaultSampler(
            Sized(size), shuffle=shuffle, seed=seed, round_up=round_up)
        for epoch in EPOCHS:
            s.set_epoch(epoch)
            out['default'].append(
                dict(size=size, shuffle=shuffle, round_up=round_up, seed=seed,
                     world_size=world_size, rank=rank, epoch=epoch,
                     len=len(s), indices=list(iter(s))))
for size, shuffle, seed, world_size in itertools.product(
        SIZES, [True, False], SEEDS, WORLD_SIZES):
    for rank in range(world_size):
        patch(rank, world_size)
        s = InfiniteSampler(Sized(size), shuffle=shuffle, seed=seed)
        out['infinite'].append(
            dict(size=size, shuffle=shuffle, seed=seed,
                 world_size=world_size, rank=rank,
                 indices=list(itertools.islice(iter(s), 3 * size))))
print(json.dumps(out))
