"""Output of MMEngine's ProgressBar for scripted elapsed times; prints JSON.

Each case: task_num, bar_width, terminal width, [(num_tasks, elapsed)].
"""
import io
import json

import mmengine.utils.progressbar as pb

CASES = [
    (10, 50, 120, [(1, 0.5), (3, 1.2), (6, 4.0)]),
    (7, 50, 40, [(1, 0.0), (2, 0.49), (4, 10.6)]),
    (0, 50, 80, [(1, 0.25), (5, 2.5)]),
    (1000, 30, 200, [(250, 12.3), (750, 61.0)]),
    (3, 10, 10, [(1, 1.0), (2, 3.0)]),
]


class FakeTimer:

    def __init__(self, times):
        self.times = list(times)

    def since_start(self):
        return self.times.pop(0)


out = []
for task_num, bar_width, width, updates in CASES:
    pb.get_terminal_size = lambda w=width: (w, 24)
    f = io.StringIO()
    bar = pb.ProgressBar(task_num, bar_width, file=f)
    bar.timer = FakeTimer([e for _, e in updates])
    for n, _ in updates:
        bar.update(n)
    out.append(f.getvalue())
print(json.dumps(out))
