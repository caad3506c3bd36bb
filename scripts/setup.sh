#!/usr/bin/env bash
# Create .venv with Python 3.11+ and install dateline (and the given extras) into it.
# Usage: scripts/setup.sh [EXTRAS]   e.g. scripts/setup.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python=$candidate; break; fi
  done
fi
"$python" -c 'import sys; assert sys.version_info >= (3, 11), "dateline needs Python 3.11 or newer"'
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
extras=${1:-}
target="."
[ -n "$extras" ] && target=".[$extras]"
.venv/bin/python -m pip install --quiet -e "$target"
