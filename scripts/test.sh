#!/usr/bin/env bash
# The whole test suite: formatting check, then every CTest test (unit,
# fidelity, slow, gpu; gpu tests skip without a GPU). Run after setup.sh.
# Extra arguments go to ctest (e.g. -L unit, -R Config).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${MMENGINE_BUILD_DIR:-$ROOT/build}

cmake --build "$BUILD_DIR" --target format-check
ctest --test-dir "$BUILD_DIR" --output-on-failure --timeout 900 \
  -j "$(nproc)" "$@"
