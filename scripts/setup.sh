#!/usr/bin/env bash
# Sets up everything the build and the tests need, then builds. Idempotent:
# every step checks whether it is already done, so a second run takes seconds.
#
#   1. Debian packages (apt-get; only the missing ones, only if any are missing)
#   2. the Python venv with the pinned torch wheel (libtorch) and the reference
#      MMEngine 0.10.4, kept in a per-user cache keyed by requirements.txt;
#      .venv is a symlink to it, so a second clone does not download again
#   3. CMake configure (Ninja, Release, ccache) and build
#
# Environment: MMENGINE_BUILD_DIR (default build/), MMENGINE_CACHE_DIR
# (default ~/.cache/mmengine-cpp), MMENGINE_CMAKE_ARGS (extra configure args),
# MMENGINE_SKIP_VENV=1 with Torch_DIR/MMENGINE_TORCH_ROOT for your own libtorch.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${MMENGINE_BUILD_DIR:-$ROOT/build}
CACHE_DIR=${MMENGINE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mmengine-cpp}

log() { printf '[setup] %s\n' "$*" >&2; }

# --- 1. Debian packages ------------------------------------------------------
APT_PACKAGES=(
  cmake ninja-build g++ make git ccache lld clang-format
  libfmt-dev nlohmann-json3-dev libyaml-cpp-dev libcli11-dev
  libgtest-dev libgmock-dev
  zlib1g-dev libcurl4-openssl-dev
  libjpeg62-turbo-dev libpng-dev
)

install_apt_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    missing+=(python3-venv)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to install: ${missing[*]}"; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# --- 2. Python venv (cached per user) ----------------------------------------
setup_venv() {
  local py key venv
  py=$(command -v python3) || { log "python3 not found"; exit 1; }
  key=$("$py" -c 'import sys, platform; print(f"py{sys.version_info[0]}.{sys.version_info[1]}-{platform.machine()}")')
  key="$key-$(sha256sum "$ROOT/requirements.txt" | cut -c1-12)"
  venv="$CACHE_DIR/venv-torch2.11.0-$key"
  if [ ! -f "$venv/.complete" ]; then
    log "creating $venv (torch wheel + reference MMEngine; a few minutes, once per user)"
    rm -rf "$venv"
    mkdir -p "$CACHE_DIR"
    "$py" -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements.txt"
    "$venv/bin/python" -c 'import torch, mmengine, cv2' >/dev/null
    touch "$venv/.complete"
  fi
  if [ "$(readlink "$ROOT/.venv" 2>/dev/null)" != "$venv" ]; then
    rm -rf "$ROOT/.venv"
    ln -s "$venv" "$ROOT/.venv"
  fi
}

# --- 3. configure + build ------------------------------------------------------
configure_and_build() {
  local args=(-G Ninja -DCMAKE_BUILD_TYPE=Release)
  if [ "${MMENGINE_SKIP_VENV:-0}" != 1 ]; then
    args+=("-DMMENGINE_PYTHON=$ROOT/.venv/bin/python")
  fi
  # shellcheck disable=SC2206
  args+=(${MMENGINE_CMAKE_ARGS:-})
  if [ ! -f "$BUILD_DIR/build.ninja" ] || [ -n "${MMENGINE_CMAKE_ARGS:-}" ]; then
    log "configuring $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" "${args[@]}" >/dev/null
  fi
  log "building"
  cmake --build "$BUILD_DIR" -j "$(nproc)"
}

install_apt_packages
if [ "${MMENGINE_SKIP_VENV:-0}" != 1 ]; then
  setup_venv
fi
configure_and_build
