"""The reference for log_processor_bench.cpp: the same updates and lines
with MMEngine's MessageHub and LogProcessor. Prints the same three fields."""
import math
import sys
import time
import types

from mmengine.logging import MessageHub
from mmengine.runner import LogProcessor


class Loader:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


def main():
    iters = int(sys.argv[1])
    hub = MessageHub('bench')
    runner = types.SimpleNamespace(
        message_hub=hub, iter=0, epoch=0, max_iters=0, max_epochs=12,
        _train_loop=object(),
        train_loop=types.SimpleNamespace(dataloader=Loader(iters)))
    processor = LogProcessor()
    start = time.perf_counter()
    for it in range(iters):
        x = it + 1
        hub.update_scalar('train/lr', 0.01)
        hub.update_scalar('train/data_time', 0.001 * math.fmod(x * 7.3, 3.1))
        hub.update_scalar('train/grad_norm', 3.0 + math.sin(x))
        hub.update_scalar('train/loss', 2.0 / x + math.cos(x * 0.7))
        hub.update_scalar('train/acc', 0.5)
        hub.update_scalar('train/time', 0.01 + 0.002 * math.sin(x * 3.1))
        hub.update_info('eta', 1000.0 - it)
    updates = time.perf_counter() - start
    start = time.perf_counter()
    for it in range(iters):
        runner.iter = it
        line = processor.get_log_after_iter(runner, it, 'train')[1]
    lines = time.perf_counter() - start
    print(f'{updates / iters:.9f} {lines / iters:.9f}')
    print(line)


if __name__ == '__main__':
    main()
