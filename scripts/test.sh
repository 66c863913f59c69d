#!/usr/bin/env bash
# The test command: installs what the tests need, then runs the whole suite against real backends.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
