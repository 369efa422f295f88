"""Crash safety: SIGKILL training while it writes a checkpoint every
iteration, at several moments; after every kill `last_checkpoint` must name
a complete checkpoint (CRCs and storages checked by our reader), and
`--resume` must finish the run.

Usage: crash_safety.py MMENGINE_CLI CONFIG WORK_DIR
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import time

cli, config, work_dir = sys.argv[1:4]
shutil.rmtree(work_dir, ignore_errors=True)
options = [
    '--cfg-options', 'train_cfg.max_epochs=40', 'train_dataloader.num_workers=0',
    'default_hooks.checkpoint.type=CheckpointHook',
    'default_hooks.checkpoint.by_epoch=False',
    'default_hooks.checkpoint.interval=1',
    'default_hooks.checkpoint.max_keep_ckpts=2'
]
command = [cli, 'train', config, '--work-dir', work_dir, '--resume'] + options
rng = random.Random(0)
kills = checked = 0
for round_ in range(8):
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + rng.uniform(0.3, 1.2)
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
        kills += 1
    proc.wait()
    last = os.path.join(work_dir, 'last_checkpoint')
    if not os.path.exists(last):
        continue
    with open(last) as f:
        target = f.read().strip()
    inspect = subprocess.run(
        [cli, 'convert-checkpoint', target, '--inspect'],
        capture_output=True, text=True)
    if inspect.returncode != 0:
        print(f'round {round_}: last_checkpoint names {target}, which does '
              f'not load:\n{inspect.stdout}{inspect.stderr}')
        sys.exit(1)
    checked += 1
final = subprocess.run(command, capture_output=True, text=True)
if final.returncode != 0 or 'Epoch(val) [40]' not in final.stdout + final.stderr:
    print('the resumed run did not finish:\n' + final.stdout[-3000:] +
          final.stderr[-3000:])
    sys.exit(1)
# Interrupted writes leave only temporary files: every .pth is complete.
for name in sorted(os.listdir(work_dir)):
    if name.endswith('.pth'):
        path = os.path.join(work_dir, name)
        inspect = subprocess.run([cli, 'convert-checkpoint', path, '--inspect'],
                                 capture_output=True, text=True)
        if inspect.returncode != 0:
            print(f'{path} does not load:\n{inspect.stdout}{inspect.stderr}')
            sys.exit(1)
if kills < 3 or checked < 3:
    print(f'too few kills with a checkpoint to check ({kills} kills, '
          f'{checked} checked): the schedule did not exercise anything')
    sys.exit(1)
print(f'crash safety: {kills} SIGKILLs, {checked} last_checkpoint targets '
      f'loaded, resumed run finished')
