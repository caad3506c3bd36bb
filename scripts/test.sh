#!/usr/bin/env bash
# Set up and run every check: lint, format, types, then the tests (model and eval-data
# tests included; the latter skip only when ../shared/eval is absent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test,ray
.venv/bin/ruff check src tests scripts bench
.venv/bin/ruff format --check src tests scripts bench
.venv/bin/mypy
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
