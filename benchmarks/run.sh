#!/usr/bin/env bash
# Runs the benchmarks against the Python reference in the same run and
# prints ratios (reference time / our time). Usage: benchmarks/run.sh
# (after scripts/setup.sh; MMENGINE_BUILD_DIR as there).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${MMENGINE_BUILD_DIR:-$ROOT/build}
PY=$ROOT/.venv/bin/python
cmake --build "$BUILD_DIR" --target mmengine_bench_config >/dev/null
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
