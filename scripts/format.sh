#!/usr/bin/env bash
# clang-format over the project's tracked C++ files: rewrite them, or with
# --check list the files that differ and fail.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
mapfile -t files < <(git ls-files --cached --others --exclude-standard \
  -- '*.h' '*.cpp' '*.h.in' | grep -v '\.h\.in$' || true)
[ ${#files[@]} -eq 0 ] && exit 0
if [ "${1:-}" = --check ]; then
  bad=()
  for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    if ! "$CLANG_FORMAT" --style=file "$f" | cmp -s - "$f"; then
      bad+=("$f")
    fi
  done
  if [ ${#bad[@]} -ne 0 ]; then
    printf 'format-check: not clang-format clean (run: make format):\n' >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
  fi
  echo "format-check: ${#files[@]} files clean"
else
  "$CLANG_FORMAT" --style=file -i "${files[@]}"
fi
