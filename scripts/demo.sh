#!/usr/bin/env bash
# Set up and run the demo: dateline over the invented sample dispatches it ships with.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/dateline demo
