#!/usr/bin/env bash
# Set up and run the demo: dateline over the invented samples (and the seed), stored and served.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/dateline demo --serve   # ends with the link to open; Ctrl-C stops the server
