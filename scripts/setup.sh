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
# The browser tests (tests/test_web.py) drive Debian's chromium: with the test extras,
# install it when it is missing and this user may (root, or sudo without a password).
# Anywhere else setup still succeeds, and those tests skip, saying why.
if [[ ",$extras," == *",test,"* ]] && [ ! -x /usr/bin/chromium ]; then
  as_root=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root="sudo -n"; else as_root="no"; fi
  fi
  if ! command -v apt-get >/dev/null 2>&1 || [ "$as_root" = "no" ]; then
    echo "setup.sh: chromium is missing and cannot be installed here (needs apt-get as root); the browser tests will skip" >&2
  elif ! { $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
           $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } >/dev/null; then
    echo "setup.sh: installing chromium failed; the browser tests will skip" >&2
  fi
fi
