#!/usr/bin/env bash
# The main job on a fresh machine: install, then ingest and align the sample corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/align demo "$@"
