#!/usr/bin/env bash
# Quickstart 1: set up and analyse the bundled example work.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/ficscope analyze examples/lighthouse-keepers.txt "$@"
