#!/usr/bin/env bash
# Runs the benchmarks against the Python reference in the same run and
# prints ratios (reference time / our time). Usage: benchmarks/run.sh
# (after scripts/setup.sh; MMENGINE_BUILD_DIR as there).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${MMENGINE_BUILD_DIR:-$ROOT/build}
PY=$ROOT/.venv/bin/python
cmake --build "$BUILD_DIR" --target mmengine_bench_config mmengine_bench_optimizer >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

leaf=$("$PY" "$ROOT/benchmarks/make_config_chain.py" "$work/chain")
read -r ours keys < <("$BUILD_DIR/bin/mmengine_bench_config" "$leaf" 200)
read -r theirs ref_keys < <("$PY" "$ROOT/benchmarks/config_fromfile_ref.py" "$leaf" 20)
[ "$keys" = "$ref_keys" ] || { echo "key counts differ: $keys vs $ref_keys"; exit 1; }
"$PY" - "$ours" "$theirs" "$keys" <<'PYEOF'
import sys
ours, theirs, keys = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
print(f'config fromfile (5-level _base_ chain, {keys} keys): '
      f'ours {ours * 1e3:.3f} ms, MMEngine {theirs * 1e3:.3f} ms, '
      f'ratio {theirs / ours:.1f}x')
PYEOF

# Logging hot path: MessageHub updates per iteration, LogProcessor lines.
cmake --build "$BUILD_DIR" --target mmengine_bench_log_processor >/dev/null
ours_out=$("$BUILD_DIR/bin/mmengine_bench_log_processor" 2000)
ref_out=$("$PY" "$ROOT/benchmarks/log_processor_ref.py" 2000)
[ "$(sed -n 2p <<<"$ours_out")" = "$(sed -n 2p <<<"$ref_out")" ] ||
  { echo "log lines differ: $ours_out vs $ref_out"; exit 1; }
"$PY" - "$ours_out" "$ref_out" <<'PYEOF'
import sys
ours = [float(x) for x in sys.argv[1].splitlines()[0].split()]
theirs = [float(x) for x in sys.argv[2].splitlines()[0].split()]
print(f'message hub updates (6 scalars + eta per iteration): '
      f'ours {ours[0] * 1e6:.2f} us, MMEngine {theirs[0] * 1e6:.2f} us, '
      f'ratio {theirs[0] / ours[0]:.0f}x')
print(f'LogProcessor.get_log_after_iter: ours {ours[1] * 1e6:.2f} us, '
      f'MMEngine {theirs[1] * 1e6:.2f} us, ratio {theirs[1] / ours[1]:.1f}x')
PYEOF

# Optimizer step on ResNet-50's 161 parameter tensors, one thread each side
# (OPTIM_THREADS to change): ours vs torch.optim's multi-tensor (foreach)
# path, and its CPU default (single-tensor) for reference.
threads=${OPTIM_THREADS:-1}
shapes=$("$BUILD_DIR/bin/mmengine_bench_optimizer" shapes)
for opt in sgd adamw; do
  ours=$("$BUILD_DIR/bin/mmengine_bench_optimizer" "$opt" 30 "$threads")
  foreach=$("$PY" "$ROOT/benchmarks/optimizer_step_ref.py" "$opt" 30 "$threads" 1 "$shapes")
  single=$("$PY" "$ROOT/benchmarks/optimizer_step_ref.py" "$opt" 30 "$threads" 0 "$shapes")
  "$PY" - "$opt" "$ours" "$foreach" "$single" <<'PYEOF'
import sys
name, ours, foreach, single = sys.argv[1], *map(float, sys.argv[2:])
label = {'sgd': 'SGD momentum', 'adamw': 'AdamW'}[name]
print(f'{label} step (ResNet-50, 161 tensors): ours {ours * 1e3:.2f} ms, '
      f'PyTorch foreach {foreach * 1e3:.2f} ms (ratio {foreach / ours:.2f}x), '
      f'PyTorch single-tensor {single * 1e3:.2f} ms '
      f'(ratio {single / ours:.2f}x)')
PYEOF
done

# Runner overhead: the same tiny MLP training (batch 32, one thread) through
# the Runner with every default hook and a log line every 50 iterations, and
# through a hand-written loop over the same data loader, model and SGD. Both
# are timed over iterations 400..3999 of 4000 (steady state), alternating, 15
# rounds; the median of the per-round ratios is reported.
cmake --build "$BUILD_DIR" --target mmengine_bench_runner >/dev/null
read -r raw runner fixed ratio q1 q3 < <("$BUILD_DIR/bin/mmengine_bench_runner" 4000 15 2>&1 >/dev/null | tail -1)
"$PY" - "$raw" "$runner" "$fixed" "$ratio" "$q1" "$q3" <<'PYEOF'
import sys
raw, runner, fixed, ratio, q1, q3 = map(float, sys.argv[1:])
print(f'Runner per iteration (tiny MLP, batch 32, 1 thread, all default hooks, '
      f'log every 50): hand-written loop {raw * 1e6:.1f} us, Runner '
      f'{runner * 1e6:.1f} us, overhead {(ratio - 1) * 100:.1f}% (quartiles '
      f'{(q1 - 1) * 100:.1f}%..{(q3 - 1) * 100:.1f}%); one-off Runner work per '
      f'train() {fixed * 1e3:.1f} ms')
PYEOF
# Checkpoint I/O: ResNet-50 + SGD momentum, save then load (best of 3).
cmake --build "$BUILD_DIR" --target mmengine_bench_checkpoint >/dev/null
ours_out=$("$BUILD_DIR/bin/mmengine_bench_checkpoint" "$work" 3 | tail -n 1)
ref_out=$("$PY" "$ROOT/benchmarks/checkpoint_ref.py" "$work" 3)
"$PY" - "$ours_out" "$ref_out" <<'PYEOF'
import sys
o = [float(x) for x in sys.argv[1].split()]
t = [float(x) for x in sys.argv[2].split()]
print(f'checkpoint ResNet-50 + SGD momentum ({o[2] / 2**20:.0f} MiB ours, '
      f'{t[2] / 2**20:.0f} MiB torch): save ours {o[0] * 1e3:.0f} ms (atomic + fsync; '
      f'{o[3] * 1e3:.0f} ms without fsync), torch.save {t[0] * 1e3:.0f} ms (no fsync), '
      f'ratio {t[0] / o[0]:.1f}x ({t[0] / o[3]:.1f}x without fsync); torch.save + fsync '
      f'{t[3] * 1e3:.0f} ms, ratio {t[3] / o[0]:.1f}x; load ours '
      f'{o[1] * 1e3:.0f} ms, torch {t[1] * 1e3:.0f} ms, ratio {t[1] / o[1]:.1f}x')
PYEOF

# Data loading: JPEG decode + RandomResizedCrop(224) + flip + pack, batch 64,
# 2 workers, against torch's DataLoader with torchvision transforms.
cmake --build "$BUILD_DIR" --target mmengine_bench_data >/dev/null
"$PY" "$ROOT/benchmarks/make_jpegs.py" "$work/jpegs" 512 >/dev/null
ours=$("$BUILD_DIR/bin/mmengine_bench_data" "$work/jpegs" 3)
theirs=$("$PY" "$ROOT/benchmarks/data_pipeline_ref.py" "$work/jpegs" 3)
"$PY" - "$ours" "$theirs" <<'PYEOF'
import sys
ours, theirs = float(sys.argv[1]), float(sys.argv[2])
print(f'data loader (JPEG 320x240 -> RandomResizedCrop 224 + flip, batch 64, '
      f'2 workers): ours {ours:.0f} img/s, torch DataLoader + torchvision '
      f'{theirs:.0f} img/s, ratio {ours / theirs:.2f}x')
PYEOF
