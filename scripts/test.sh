#!/usr/bin/env bash
# The whole test suite on a fresh machine: install everything the tests need (Python packages,
# Debian's Chromium, CJK fonts and PostgreSQL), start a throwaway PostgreSQL server on loopback,
# run ruff and pytest, stop the server. Extra arguments go to pytest (e.g. -m "not browser").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
scripts/browser.sh
if [ -z "${ALIGN_TEST_DATABASE_URL:-}" ]; then
  ALIGN_TEST_DATABASE_URL=$(scripts/postgres.sh)
  export ALIGN_TEST_DATABASE_URL
  trap 'scripts/postgres.sh stop' EXIT
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports --no-cache
.venv/bin/pytest "$@"
