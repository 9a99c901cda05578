#!/usr/bin/env bash
# The whole test suite on a fresh machine: install everything the tests need, then run them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/pytest "$@"
