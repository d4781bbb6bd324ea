#!/usr/bin/env bash
# Quickstart 2: set up with the test extras and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
bash scripts/install-browser.sh
exec .venv/bin/python -m pytest "$@"
