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
